namespace Orrery.Receive.Scrape;

/// <summary>A scrape that got an answer it cannot use (HTTP error status, body too large).</summary>
internal sealed class ScrapeFailedException(string message) : Exception(message);
