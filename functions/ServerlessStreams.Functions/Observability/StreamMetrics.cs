using System.Diagnostics;
using System.Diagnostics.Metrics;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Observability;

/// <summary>
/// The metrics a running job reports, all on one <see cref="Meter"/> named <see cref="MeterName"/>:
/// OpenTelemetry exports them (<see cref="Telemetry.CreateMeterProvider"/>) and the local host reads
/// them in-process (<see cref="StreamMetricsListener"/>). Tags are the job and task, plus the task's type for records
/// in and out (so the records entering and leaving the pipeline are those of input and output tasks), and window and
/// trigger for firings; all come from the job spec, so their number stays small. Thread-safe.
/// </summary>
internal sealed class StreamMetrics : IDisposable
{
    public const string MeterName = "ServerlessStreams";

    private readonly bool ownsMeter;
    private readonly Counter<long> recordsIn;
    private readonly Counter<long> recordsOut;
    private readonly Histogram<double> batchDuration;
    private readonly Counter<long> entityTransactions;
    private readonly Counter<long> entityConflicts;
    private readonly Counter<long> dedupeHits;
    private readonly Counter<long> lateRecords;
    private readonly Counter<long> deadLetters;
    private readonly Counter<long> windowsFired;
    private readonly Gauge<double> watermarkLag;
    private readonly Gauge<double> sweeperLag;
    private readonly Counter<long> sweeperRuns;

    /// <summary>Metrics on a meter of their own (one per process in the app; one per test in tests).</summary>
    public StreamMetrics()
        : this(new Meter(MeterName, Telemetry.Version), ownsMeter: true)
    {
    }

    /// <summary>Metrics on a meter from <paramref name="meterFactory"/>, which owns and disposes it.</summary>
    public StreamMetrics(IMeterFactory meterFactory)
        : this(meterFactory.Create(new MeterOptions(MeterName) { Version = Telemetry.Version }), ownsMeter: false)
    {
    }

    private StreamMetrics(Meter meter, bool ownsMeter)
    {
        Meter = meter;
        this.ownsMeter = ownsMeter;
        recordsIn = meter.CreateCounter<long>(MetricNames.RecordsIn, "{record}", "Records (segments) that went into a task.");
        recordsOut = meter.CreateCounter<long>(MetricNames.RecordsOut, "{record}",
            "Records that came out of a task: an input's segments passed on, a function's emitted segments and firings, an output's written records.");
        batchDuration = meter.CreateHistogram<double>(MetricNames.BatchDuration, "ms", "Time to process one invocation's batch, from receipt to answer.");
        entityTransactions = meter.CreateCounter<long>(MetricNames.EntityTransactions, "{transaction}", "Entity-group transactions committed to the window store.");
        entityConflicts = meter.CreateCounter<long>(MetricNames.EntityConflicts, "{conflict}", "Window-store commits refused because another instance wrote first (ETag mismatch).");
        dedupeHits = meter.CreateCounter<long>(MetricNames.DedupeHits, "{record}", "Records skipped because their segment id was already applied.");
        lateRecords = meter.CreateCounter<long>(MetricNames.LateRecords, "{record}", "Records behind watermark minus allowed lateness, sent to the late sink.");
        deadLetters = meter.CreateCounter<long>(MetricNames.DeadLetters, "{record}", "Records that could not be processed, sent to the dead-letter topic.");
        windowsFired = meter.CreateCounter<long>(MetricNames.WindowsFired, "{firing}", "Trigger firings, one per extent and key.");
        watermarkLag = meter.CreateGauge<double>(MetricNames.WatermarkLag, "ms", "Processing time minus the task's watermark.");
        sweeperLag = meter.CreateGauge<double>(MetricNames.SweeperLag, "ms", "How late the sweeper ran relative to the earliest due work it found.");
        sweeperRuns = meter.CreateCounter<long>(MetricNames.SweeperRuns, "{run}", "Sweeper runs, tagged with whether this instance swept or another held the lease.");
    }

    public Meter Meter { get; }

    public void RecordsIn(string job, string task, TaskType type, long count) => Add(recordsIn, count, job, task, type);

    public void RecordsOut(string job, string task, TaskType type, long count) => Add(recordsOut, count, job, task, type);

    public void BatchLatency(string job, string task, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        batchDuration.Record(duration.TotalMilliseconds, Tags(job, task));
    }

    public void EntityTransactions(string job, string task, long count = 1) => Add(entityTransactions, count, job, task);

    public void EntityConflicts(string job, string task, long count = 1) => Add(entityConflicts, count, job, task);

    public void DedupeHits(string job, string task, long count) => Add(dedupeHits, count, job, task);

    public void LateRecords(string job, string task, long count) => Add(lateRecords, count, job, task);

    public void DeadLetters(string job, string task, long count) => Add(deadLetters, count, job, task);

    public void WindowsFired(string job, string task, string window, string trigger, long count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            return;
        }

        var tags = Tags(job, task);
        tags.Add(MetricNames.WindowTag, window);
        tags.Add(MetricNames.TriggerTag, trigger);
        windowsFired.Add(count, tags);
    }

    /// <summary>Records the current watermark lag of a task; negative lags (clock skew) count as zero.</summary>
    public void WatermarkLag(string job, string task, TimeSpan lag) =>
        watermarkLag.Record(Math.Max(0, lag.TotalMilliseconds), Tags(job, task));

    /// <summary>Records how late the sweeper of <paramref name="job"/> ran; negative lags count as zero.</summary>
    public void SweeperLag(string job, TimeSpan lag) =>
        sweeperLag.Record(Math.Max(0, lag.TotalMilliseconds), new TagList { { MetricNames.JobTag, job } });

    /// <summary>Counts one sweeper run of <paramref name="job"/>: <paramref name="swept"/> false when another instance held the lease.</summary>
    public void SweeperRan(string job, bool swept) =>
        sweeperRuns.Add(1, new TagList { { MetricNames.JobTag, job }, { MetricNames.SweptTag, swept ? "true" : "false" } });

    public void Dispose()
    {
        if (ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private static void Add(Counter<long> counter, long count, string job, string task)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 0)
        {
            counter.Add(count, Tags(job, task));
        }
    }

    private static void Add(Counter<long> counter, long count, string job, string task, TaskType type)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > 0)
        {
            var tags = Tags(job, task);
            tags.Add(MetricNames.TaskTypeTag, TypeTag(type));
            counter.Add(count, tags);
        }
    }

    /// <summary>The <see cref="MetricNames.TaskTypeTag"/> value of a task type: <c>input</c>, <c>function</c> or <c>output</c>.</summary>
    public static string TypeTag(TaskType type) => type switch
    {
        TaskType.Input => "input",
        TaskType.Function => "function",
        TaskType.Output => "output",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a task type"),
    };

    private static TagList Tags(string job, string task) => new()
    {
        { MetricNames.JobTag, job },
        { MetricNames.TaskTag, task },
    };
}
