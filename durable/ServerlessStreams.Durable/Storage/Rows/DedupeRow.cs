namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>A de-duplication row to add: the segment id it records and when it was written (pruning compares this time).</summary>
internal sealed record DedupeRow(string SegmentId, DateTimeOffset WrittenAt);
