namespace ServerlessStreams.Stages;

/// <summary>A segment that cannot be processed; the reason goes with it to the dead-letter destination.</summary>
internal sealed class SegmentRejectedException(string reason) : Exception(reason)
{
    public string Reason => Message;
}
