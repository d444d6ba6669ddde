using Orrery.Signals;

namespace Orrery.Receive.Otlp.Common;

/// <summary>
/// The scalar fields of an OTLP <c>InstrumentationScope</c> as decoded by
/// <see cref="OtlpCommonProtobuf"/> and <see cref="OtlpCommonJson"/>; its attributes go to the
/// caller's attribute table. Each signal copies these into its own row type.
/// </summary>
public struct OtlpScopeFields
{
    public Utf8Ref Name;
    public Utf8Ref Version;
    public uint DroppedAttributesCount;
}
