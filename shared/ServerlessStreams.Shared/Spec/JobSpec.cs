namespace ServerlessStreams.Spec;

/// <summary>A job as data: the model that the JSON loader and the <see cref="JobBuilder"/> both produce.</summary>
public sealed record JobSpec
{
    /// <summary>How long de-duplication rows and internal topics keep what they need when the spec does not say: seven days.</summary>
    public static readonly TimeSpan DefaultDedupeRetention = TimeSpan.FromDays(7);

    /// <summary>The job's name: part of its consumer groups, internal topics and Table partition keys.</summary>
    public required string Name { get; init; }
    /// <summary>The edges along which segments flow from task to task.</summary>
    public EquatableArray<WorkflowEdge> Workflow { get; init; } = EquatableArray<WorkflowEdge>.Empty;
    /// <summary>The tasks: inputs, functions and outputs.</summary>
    public EquatableArray<TaskSpec> Catalog { get; init; } = EquatableArray<TaskSpec>.Empty;
    /// <summary>The windows over tasks' segments.</summary>
    public EquatableArray<WindowSpec> Windows { get; init; } = EquatableArray<WindowSpec>.Empty;
    /// <summary>The triggers on the windows.</summary>
    public EquatableArray<TriggerSpec> Triggers { get; init; } = EquatableArray<TriggerSpec>.Empty;
    /// <summary>Conditions on edges: which segments go where.</summary>
    public EquatableArray<FlowCondition> FlowConditions { get; init; } = EquatableArray<FlowCondition>.Empty;
    /// <summary>Event-time settings: disorder, lateness, idleness.</summary>
    public TimeSettings Time { get; init; } = TimeSettings.Default;
    /// <summary>Where records that cannot be processed go, with their reason and coordinates.</summary>
    public Destination? DeadLetter { get; init; }
    /// <summary>Where segments that arrive after their extents closed go.</summary>
    public Destination? LateData { get; init; }
    /// <summary>How long de-duplication rows and internal topics keep what they need.</summary>
    public TimeSpan DedupeRetention { get; init; } = DefaultDedupeRetention;

    /// <summary>The task named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public TaskSpec Task(string name) =>
        Catalog.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"job '{Name}' has no task '{name}'");

    /// <summary>The windows over <paramref name="task"/>'s segments.</summary>
    public IEnumerable<WindowSpec> WindowsOf(string task) => Windows.Where(w => w.Task == task);

    /// <summary>The triggers on the window <paramref name="windowId"/>.</summary>
    public IEnumerable<TriggerSpec> TriggersOf(string windowId) => Triggers.Where(t => t.WindowId == windowId);

    /// <summary>The tasks <paramref name="task"/>'s segments flow to.</summary>
    public IEnumerable<string> Downstream(string task) => Workflow.Where(e => e.From == task).Select(e => e.To);

    /// <summary>The tasks whose segments flow to <paramref name="task"/>.</summary>
    public IEnumerable<string> Upstream(string task) => Workflow.Where(e => e.To == task).Select(e => e.From);
}

/// <summary>An edge of the workflow: segments of task <c>From</c> flow to task <c>To</c>.</summary>
/// <param name="From">The task whose segments flow.</param>
/// <param name="To">The task they flow to.</param>
public sealed record WorkflowEdge(string From, string To);

/// <summary>A task of the catalog: an input, a function or an output, by name, with its medium, function, group key and uniqueness key.</summary>
public sealed record TaskSpec
{
    /// <summary>The task's name, unique in the catalog.</summary>
    public required string Name { get; init; }
    /// <summary>Input, function or output.</summary>
    public required TaskType Type { get; init; }
    /// <summary>kafka or table; for input and output tasks.</summary>
    public Medium? Medium { get; init; }
    /// <summary>The Kafka topic of a Kafka input or output.</summary>
    public string? Topic { get; init; }
    /// <summary>The Table name of a table output.</summary>
    public string? Table { get; init; }
    /// <summary>The most records one invocation takes; the platform's default when null.</summary>
    public int? BatchSize { get; init; }
    /// <summary>A registered segment function's name; <c>identity</c> is built in.</summary>
    public string? Fn { get; init; }
    /// <summary>Field names whose values form the group key; one name or several for a composite key.</summary>
    public EquatableArray<string>? GroupByKey { get; init; }
    /// <summary>A registered key function's name, the alternative to <see cref="GroupByKey"/>.</summary>
    public string? GroupByFn { get; init; }
    /// <summary>A field whose value identifies a record: records with a value seen before count once.</summary>
    public string? UniquenessKey { get; init; }
    /// <summary>HTTP ingestion into this Kafka input's topic; null when the task takes none.</summary>
    public IngestSettings? Ingest { get; init; }
    /// <summary>
    /// An input's declaration of what its records' Kafka keys are: the values of these fields, so records with equal
    /// values share a partition. Null when the spec does not say.
    /// </summary>
    public EquatableArray<string>? KeyedBy { get; init; }

    /// <summary>Whether the task has a group key (<see cref="GroupByKey"/> or <see cref="GroupByFn"/>).</summary>
    public bool IsGrouped => GroupByKey is { Count: > 0 } || GroupByFn is not null;

    /// <summary>
    /// The fields an input's records are partitioned by: <see cref="KeyedBy"/>, else the ingestion's key field (the
    /// ingestion keys every record by it); null when unknown.
    /// </summary>
    public EquatableArray<string>? PartitionedBy =>
        KeyedBy ?? (Ingest?.KeyField is { } keyField ? new EquatableArray<string>([keyField]) : (EquatableArray<string>?)null);
}

/// <summary>A window over a task's segments: its type, key, extents' sizes and aggregation.</summary>
public sealed record WindowSpec
{
    /// <summary>The window's id, unique in the job.</summary>
    public required string Id { get; init; }
    /// <summary>The task whose segments the window takes.</summary>
    public required string Task { get; init; }
    /// <summary>Fixed, sliding, global or session.</summary>
    public required WindowType Type { get; init; }
    /// <summary>What the window computes per extent.</summary>
    public required AggregationSpec Aggregation { get; init; }
    /// <summary>The field that places a segment in extents: a time or a number; the record's timestamp when null.</summary>
    public string? WindowKey { get; init; }
    /// <summary>Whether <see cref="WindowKey"/> holds times or plain numbers.</summary>
    public WindowKeyKind KeyKind { get; init; } = WindowKeyKind.Time;
    /// <summary>Milliseconds for time keys, units for numeric keys.</summary>
    public double? Range { get; init; }
    /// <summary>How far apart sliding extents start, in the units of <see cref="Range"/>.</summary>
    public double? Slide { get; init; }
    /// <summary>The gap that ends a session, in the units of <see cref="Range"/>.</summary>
    public double? TimeoutGap { get; init; }
    /// <summary>The smallest window-key value; extents are numbered from it (epoch milliseconds for times).</summary>
    public double MinValue { get; init; }
}

/// <summary><c>"count"</c>, <c>"collect"</c>, <c>[kind, field]</c>, or a registered aggregation's name.</summary>
/// <param name="Kind">The aggregation.</param>
/// <param name="Field">The field a numeric or distinct-count aggregation reads.</param>
/// <param name="Name">A registered aggregation's name.</param>
public sealed record AggregationSpec(AggregationKind Kind, string? Field = null, string? Name = null)
{
    /// <summary>The number of segments.</summary>
    public static readonly AggregationSpec Count = new(AggregationKind.Count);
    /// <summary>Every segment, as a list.</summary>
    public static readonly AggregationSpec Collect = new(AggregationKind.Collect);

    /// <summary>The sum of <paramref name="field"/>.</summary>
    public static AggregationSpec Sum(string field) => new(AggregationKind.Sum, field);

    /// <summary>The smallest value of <paramref name="field"/>.</summary>
    public static AggregationSpec Min(string field) => new(AggregationKind.Min, field);

    /// <summary>The largest value of <paramref name="field"/>.</summary>
    public static AggregationSpec Max(string field) => new(AggregationKind.Max, field);

    /// <summary>The average of <paramref name="field"/>.</summary>
    public static AggregationSpec Average(string field) => new(AggregationKind.Average, field);

    /// <summary>The number of distinct values of <paramref name="field"/>.</summary>
    public static AggregationSpec DistinctCount(string field) => new(AggregationKind.DistinctCount, field);

    /// <summary>A user aggregation registered under <paramref name="name"/> in the job's registry.</summary>
    public static AggregationSpec Registered(string name) => new(AggregationKind.Registered, Name: name);
}

/// <summary>A trigger on a window: when it fires (<see cref="On"/>), what the window keeps after (<see cref="Refinement"/>) and where its firings go (<see cref="Sync"/>).</summary>
public sealed record TriggerSpec
{
    /// <summary>The trigger's id, unique in the job.</summary>
    public required string Id { get; init; }
    /// <summary>The window it fires.</summary>
    public required string WindowId { get; init; }
    /// <summary>What makes it fire.</summary>
    public required TriggerKind On { get; init; }
    /// <summary>For a segment trigger: segments per group key between firings.</summary>
    public long? Threshold { get; init; }
    /// <summary>For a timer trigger: the processing-time period.</summary>
    public TimeSpan? Period { get; init; }
    /// <summary>For a punctuation trigger: the predicate a segment meets to fire it.</summary>
    public PredicateSpec? Pred { get; init; }
    /// <summary>For a percentile-watermark trigger: the fraction of an extent a segment's time must pass (above 0, at most 1).</summary>
    public double? Percentage { get; init; }
    /// <summary>Whether a firing covers every live extent of the key, not only the ones the event touches.</summary>
    public bool FireAllExtents { get; init; }
    /// <summary>What the window keeps after a firing.</summary>
    public Refinement Refinement { get; init; } = Refinement.Accumulating;
    /// <summary>Where firings go.</summary>
    public SyncSpec? Sync { get; init; }
}

/// <summary>A registered predicate's name, or the built-in form <c>{"field", "equals"}</c>.</summary>
public sealed record PredicateSpec
{
    /// <summary>A registered predicate's name.</summary>
    public string? Name { get; init; }
    /// <summary>The field the built-in form compares.</summary>
    public string? Field { get; init; }
    /// <summary>The compared value as canonical JSON text (so records compare by value).</summary>
    public string? EqualsJson { get; init; }

    /// <summary>The predicate registered under <paramref name="name"/>.</summary>
    public static PredicateSpec Registered(string name) => new() { Name = name };

    /// <summary>The built-in form with the compared value given as JSON text (<c>"\"logout\""</c>, <c>"true"</c>).</summary>
    public static PredicateSpec FieldEquals(string field, string equalsJson) =>
        new() { Field = field, EqualsJson = CanonicalJson.TryCanonicalize(equalsJson) ?? equalsJson };

    /// <summary>The built-in form with the compared value given as a JSON value (<c>"logout"</c>, <c>true</c>, <c>3</c>).</summary>
    public static PredicateSpec FieldEqualsValue(string field, System.Text.Json.Nodes.JsonNode? value) =>
        new() { Field = field, EqualsJson = CanonicalJson.Write(value) };
}

/// <summary>Where a firing goes: a Table view, a Kafka topic, or a registered callback.</summary>
public sealed record SyncSpec
{
    /// <summary>An Azure Table view: one row per window, key and extent, written idempotently.</summary>
    public string? Table { get; init; }
    /// <summary>A Kafka topic that gets every firing.</summary>
    public string? Topic { get; init; }
    /// <summary>A registered callback that gets every firing.</summary>
    public string? Callback { get; init; }

    /// <summary>Firings to the Table view <paramref name="table"/>.</summary>
    public static SyncSpec ToTable(string table) => new() { Table = table };

    /// <summary>Firings to the Kafka topic <paramref name="topic"/>.</summary>
    public static SyncSpec ToTopic(string topic) => new() { Topic = topic };

    /// <summary>Firings to the callback registered as <paramref name="callback"/>.</summary>
    public static SyncSpec ToCallback(string callback) => new() { Callback = callback };
}

/// <summary>A condition on an edge: segments of <c>From</c> go to the tasks <c>To</c> only when the predicate holds.</summary>
/// <param name="From">The task whose segments are routed.</param>
/// <param name="To">The downstream tasks that take a segment when the predicate holds.</param>
/// <param name="Pred">The predicate.</param>
public sealed record FlowCondition(string From, EquatableArray<string> To, PredicateSpec Pred);

/// <summary>How a Kafka input takes records over HTTP (<c>POST /api/ingest/&lt;task&gt;</c>).</summary>
public sealed record IngestSettings
{
    /// <summary>The default limits, with no key field.</summary>
    public static readonly IngestSettings Default = new();

    /// <summary>The field whose value keys a record; null to key by the request's Idempotency-Key and the record's index.</summary>
    public string? KeyField { get; init; }
    /// <summary>The largest request body taken, in bytes (4 MiB by default).</summary>
    public int MaxBodyBytes { get; init; } = 4 * 1024 * 1024;
    /// <summary>The largest record taken, in bytes (256 KiB by default).</summary>
    public int MaxRecordBytes { get; init; } = 256 * 1024;
}

/// <summary>The job's event-time settings: how out of order records may be, how late an extent still takes segments, when a quiet partition stops holding the watermark back.</summary>
public sealed record TimeSettings
{
    /// <summary>No disorder, a day of lateness, a minute of idleness.</summary>
    public static readonly TimeSettings Default = new();

    /// <summary>How far behind a partition's largest event time the watermark stays.</summary>
    public TimeSpan MaxOutOfOrderness { get; init; } = TimeSpan.Zero;
    /// <summary>
    /// How long after its end an extent still takes segments. A day by default, as Kafka Streams' grace was for
    /// years: a job that does not say loses nothing a user expects to count to ordinary disorder or replays.
    /// </summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromDays(1);
    /// <summary>How long a partition without records holds the watermark back.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>A Kafka topic or a Table, for dead letters and late data.</summary>
public sealed record Destination
{
    /// <summary>A Kafka topic.</summary>
    public string? Topic { get; init; }
    /// <summary>An Azure Table.</summary>
    public string? Table { get; init; }

    /// <summary>The Kafka topic <paramref name="topic"/>.</summary>
    public static Destination ToTopic(string topic) => new() { Topic = topic };

    /// <summary>The Azure Table <paramref name="table"/>.</summary>
    public static Destination ToTable(string table) => new() { Table = table };
}
