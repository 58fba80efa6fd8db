namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// What one task recorded since the listener started: records in and out (what in and out mean per task type:
/// <see cref="StreamMetrics"/>), late records and dead letters. Cumulative; two reads give rates.
/// </summary>
internal sealed record TaskTotals
{
    public long RecordsIn { get; init; }

    public long RecordsOut { get; init; }

    public long Late { get; init; }

    public long DeadLetters { get; init; }
}
