using System.Diagnostics.Metrics;

namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// Adds up what one <see cref="StreamMetrics"/> records, in-process, for the local host's status
/// line and final summary. Listens to that instance's meter only, so parallel runs in one process
/// (tests) do not see each other's numbers. Thread-safe; measurements are per batch, so a lock is cheap.
/// </summary>
public sealed class StreamMetricsListener : IDisposable
{
    private readonly Lock gate = new();
    private readonly MeterListener listener;
    private readonly TimeProvider time;
    private readonly Meter meter;
    private readonly Dictionary<string, long> recordsInByTask = new(StringComparer.Ordinal);
    private readonly Dictionary<(string? Job, string? Task), double> watermarkLags = [];
    private readonly Dictionary<string, double> sweeperLags = new(StringComparer.Ordinal);
    private long recordsIn;
    private long recordsOut;
    private long batches;
    private double batchMillisecondsTotal;
    private double batchMillisecondsMax;
    private long entityTransactions;
    private long entityConflicts;
    private long dedupeHits;
    private long lateRecords;
    private long deadLetters;
    private long windowsFired;

    public StreamMetricsListener(StreamMetrics metrics, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        meter = metrics.Meter;
        this.time = time ?? TimeProvider.System;
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => OnMeasurement(instrument.Name, value, tags));
        listener.Start();
    }

    public MetricsSnapshot Snapshot()
    {
        lock (gate)
        {
            return new MetricsSnapshot
            {
                Timestamp = time.GetUtcNow(),
                RecordsIn = recordsIn,
                RecordsOut = recordsOut,
                Batches = batches,
                BatchMillisecondsTotal = batchMillisecondsTotal,
                BatchMillisecondsMax = batchMillisecondsMax,
                EntityTransactions = entityTransactions,
                EntityConflicts = entityConflicts,
                DedupeHits = dedupeHits,
                LateRecords = lateRecords,
                DeadLetters = deadLetters,
                WindowsFired = windowsFired,
                WatermarkLag = watermarkLags.Count == 0 ? null : TimeSpan.FromMilliseconds(watermarkLags.Values.Max()),
                SweeperLag = sweeperLags.Count == 0 ? null : TimeSpan.FromMilliseconds(sweeperLags.Values.Max()),
                RecordsInByTask = new Dictionary<string, long>(recordsInByTask, StringComparer.Ordinal),
            };
        }
    }

    public void Dispose() => listener.Dispose();

    private void OnMeasurement(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var job = Tag(tags, MetricNames.JobTag);
        var task = Tag(tags, MetricNames.TaskTag);
        var count = (long)value;
        lock (gate)
        {
            switch (instrument)
            {
                case MetricNames.RecordsIn:
                    recordsIn += count;
                    recordsInByTask[task ?? string.Empty] = recordsInByTask.GetValueOrDefault(task ?? string.Empty) + count;
                    break;
                case MetricNames.RecordsOut:
                    recordsOut += count;
                    break;
                case MetricNames.BatchDuration:
                    batches++;
                    batchMillisecondsTotal += value;
                    batchMillisecondsMax = Math.Max(batchMillisecondsMax, value);
                    break;
                case MetricNames.EntityTransactions:
                    entityTransactions += count;
                    break;
                case MetricNames.EntityConflicts:
                    entityConflicts += count;
                    break;
                case MetricNames.DedupeHits:
                    dedupeHits += count;
                    break;
                case MetricNames.LateRecords:
                    lateRecords += count;
                    break;
                case MetricNames.DeadLetters:
                    deadLetters += count;
                    break;
                case MetricNames.WindowsFired:
                    windowsFired += count;
                    break;
                case MetricNames.WatermarkLag:
                    watermarkLags[(job, task)] = value;
                    break;
                case MetricNames.SweeperLag:
                    sweeperLags[job ?? string.Empty] = value;
                    break;
            }
        }
    }

    private static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
