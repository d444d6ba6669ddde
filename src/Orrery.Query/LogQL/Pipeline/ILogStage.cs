namespace Orrery.Query.LogQL.Pipeline;

/// <summary>
/// One compiled pipeline stage. <see cref="Process"/> changes the line or its labels in place
/// and returns false to drop the line. A stage keeps no reference to the line between calls.
/// </summary>
public interface ILogStage
{
    bool Process(LogLine line);
}
