namespace ServerlessStreams.Durable.Sinks;

/// <summary>
/// Tables that hold records as rows: table outputs, and dead-letter or late-data destinations of kind table.
/// A row's key is derived from the record's identity, so writing a redelivered record again changes nothing.
/// </summary>
internal interface IRecordTableStore
{
    /// <summary>Upserts JSON records; <c>partition</c> groups them (the task), <c>id</c> identifies each.</summary>
    Task WriteAsync(string table, IReadOnlyList<(string Partition, string Id, string Json)> records, CancellationToken ct);

    Task<IReadOnlyList<(string Partition, string Id, string Json)>> ReadAllAsync(string table, CancellationToken ct);
}
