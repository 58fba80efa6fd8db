namespace ServerlessStreams.Durable.Storage.Rows;

/// <summary>Property names the store writes itself; a row's own properties cannot use them.</summary>
internal static class SystemProperties
{
    public const string Data = "Data";
    public const string KeyJob = "KeyJob";
    public const string KeyTask = "KeyTask";
    public const string KeyGroup = "KeyGroup";
    public const string WrittenAt = "WrittenAt";
    public const string SegmentId = "SegmentId";

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "PartitionKey", "RowKey", "Timestamp", "ETag", KeyJob, KeyTask, KeyGroup, WrittenAt, SegmentId,
    };

    public static bool IsReserved(string name) =>
        Reserved.Contains(name) || name.StartsWith("odata.", StringComparison.OrdinalIgnoreCase) || DataProperties.IsDataProperty(name);
}
