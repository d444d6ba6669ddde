namespace Orrery.Receive.RemoteWrite;

/// <summary>
/// What <see cref="RemoteWriteReader"/> did with a well-formed request: samples (float and
/// histogram) of series it could not keep — invalid labels, invalid histograms — are counted,
/// with the first reason in <see cref="ErrorMessage"/> (null when nothing was rejected).
/// </summary>
public readonly record struct RemoteWriteDecodeResult(int AcceptedSamples, int RejectedSamples, string? ErrorMessage);
