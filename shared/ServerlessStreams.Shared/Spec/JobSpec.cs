namespace ServerlessStreams.Spec;

/// <summary>A job as data: the model that the JSON loader and the <see cref="JobBuilder"/> both produce.</summary>
public sealed record JobSpec
{
    public static readonly TimeSpan DefaultDedupeRetention = TimeSpan.FromDays(7);

    public required string Name { get; init; }
    public EquatableArray<WorkflowEdge> Workflow { get; init; } = EquatableArray<WorkflowEdge>.Empty;
    public EquatableArray<TaskSpec> Catalog { get; init; } = EquatableArray<TaskSpec>.Empty;
    public EquatableArray<WindowSpec> Windows { get; init; } = EquatableArray<WindowSpec>.Empty;
    public EquatableArray<TriggerSpec> Triggers { get; init; } = EquatableArray<TriggerSpec>.Empty;
    public EquatableArray<FlowCondition> FlowConditions { get; init; } = EquatableArray<FlowCondition>.Empty;
    public TimeSettings Time { get; init; } = TimeSettings.Default;
    public Destination? DeadLetter { get; init; }
    public Destination? LateData { get; init; }
    public TimeSpan DedupeRetention { get; init; } = DefaultDedupeRetention;

    public TaskSpec Task(string name) =>
        Catalog.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"job '{Name}' has no task '{name}'");

    public IEnumerable<WindowSpec> WindowsOf(string task) => Windows.Where(w => w.Task == task);

    public IEnumerable<TriggerSpec> TriggersOf(string windowId) => Triggers.Where(t => t.WindowId == windowId);

    public IEnumerable<string> Downstream(string task) => Workflow.Where(e => e.From == task).Select(e => e.To);

    public IEnumerable<string> Upstream(string task) => Workflow.Where(e => e.To == task).Select(e => e.From);
}

/// <summary>An edge of the workflow: segments of task <c>From</c> flow to task <c>To</c>.</summary>
public sealed record WorkflowEdge(string From, string To);

/// <summary>A task of the catalog: an input, a function or an output, by name, with its medium, function, group key and uniqueness key.</summary>
public sealed record TaskSpec
{
    public required string Name { get; init; }
    public required TaskType Type { get; init; }
    /// <summary>kafka or table; for input and output tasks.</summary>
    public Medium? Medium { get; init; }
    public string? Topic { get; init; }
    /// <summary>The Table name of a table output.</summary>
    public string? Table { get; init; }
    public int? BatchSize { get; init; }
    /// <summary>A registered segment function's name; <c>identity</c> is built in.</summary>
    public string? Fn { get; init; }
    /// <summary>Field names whose values form the group key; one name or several for a composite key.</summary>
    public EquatableArray<string>? GroupByKey { get; init; }
    /// <summary>A registered key function's name, the alternative to <see cref="GroupByKey"/>.</summary>
    public string? GroupByFn { get; init; }
    public string? UniquenessKey { get; init; }
    /// <summary>HTTP ingestion into this Kafka input's topic; null when the task takes none.</summary>
    public IngestSettings? Ingest { get; init; }
    /// <summary>
    /// An input's declaration of what its records' Kafka keys are: the values of these fields, so records with equal
    /// values share a partition. Null when the spec does not say.
    /// </summary>
    public EquatableArray<string>? KeyedBy { get; init; }

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
    public required string Id { get; init; }
    public required string Task { get; init; }
    public required WindowType Type { get; init; }
    public required AggregationSpec Aggregation { get; init; }
    public string? WindowKey { get; init; }
    public WindowKeyKind KeyKind { get; init; } = WindowKeyKind.Time;
    /// <summary>Milliseconds for time keys, units for numeric keys.</summary>
    public double? Range { get; init; }
    public double? Slide { get; init; }
    public double? TimeoutGap { get; init; }
    public double MinValue { get; init; }
}

/// <summary><c>"count"</c>, <c>"collect"</c>, <c>[kind, field]</c>, or a registered aggregation's name.</summary>
public sealed record AggregationSpec(AggregationKind Kind, string? Field = null, string? Name = null)
{
    public static readonly AggregationSpec Count = new(AggregationKind.Count);
    public static readonly AggregationSpec Collect = new(AggregationKind.Collect);

    public static AggregationSpec Sum(string field) => new(AggregationKind.Sum, field);

    public static AggregationSpec Min(string field) => new(AggregationKind.Min, field);

    public static AggregationSpec Max(string field) => new(AggregationKind.Max, field);

    public static AggregationSpec Average(string field) => new(AggregationKind.Average, field);

    public static AggregationSpec DistinctCount(string field) => new(AggregationKind.DistinctCount, field);

    /// <summary>A user aggregation registered under <paramref name="name"/> in the job's registry.</summary>
    public static AggregationSpec Registered(string name) => new(AggregationKind.Registered, Name: name);
}

/// <summary>A trigger on a window: when it fires (<see cref="On"/>), what the window keeps after (<see cref="Refinement"/>) and where its firings go (<see cref="Sync"/>).</summary>
public sealed record TriggerSpec
{
    public required string Id { get; init; }
    public required string WindowId { get; init; }
    public required TriggerKind On { get; init; }
    public long? Threshold { get; init; }
    public TimeSpan? Period { get; init; }
    public PredicateSpec? Pred { get; init; }
    public double? Percentage { get; init; }
    public bool FireAllExtents { get; init; }
    public Refinement Refinement { get; init; } = Refinement.Accumulating;
    public SyncSpec? Sync { get; init; }
}

/// <summary>A registered predicate's name, or the built-in form <c>{"field", "equals"}</c>.</summary>
public sealed record PredicateSpec
{
    public string? Name { get; init; }
    public string? Field { get; init; }
    /// <summary>The compared value as canonical JSON text (so records compare by value).</summary>
    public string? EqualsJson { get; init; }

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
    public string? Table { get; init; }
    public string? Topic { get; init; }
    public string? Callback { get; init; }

    public static SyncSpec ToTable(string table) => new() { Table = table };

    public static SyncSpec ToTopic(string topic) => new() { Topic = topic };

    public static SyncSpec ToCallback(string callback) => new() { Callback = callback };
}

/// <summary>A condition on an edge: segments of <c>From</c> go to the tasks <c>To</c> only when the predicate holds.</summary>
public sealed record FlowCondition(string From, EquatableArray<string> To, PredicateSpec Pred);

/// <summary>How a Kafka input takes records over HTTP (<c>POST /api/ingest/&lt;task&gt;</c>).</summary>
public sealed record IngestSettings
{
    public static readonly IngestSettings Default = new();

    /// <summary>The field whose value keys a record; null to key by the request's Idempotency-Key and the record's index.</summary>
    public string? KeyField { get; init; }
    public int MaxBodyBytes { get; init; } = 4 * 1024 * 1024;
    public int MaxRecordBytes { get; init; } = 256 * 1024;
}

/// <summary>The job's event-time settings: how out of order records may be, how late an extent still takes segments, when a quiet partition stops holding the watermark back.</summary>
public sealed record TimeSettings
{
    public static readonly TimeSettings Default = new();

    public TimeSpan MaxOutOfOrderness { get; init; } = TimeSpan.Zero;
    /// <summary>
    /// How long after its end an extent still takes segments. A day by default, as Kafka Streams' grace was for
    /// years: a job that does not say loses nothing a user expects to count to ordinary disorder or replays.
    /// </summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromDays(1);
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>A Kafka topic or a Table, for dead letters and late data.</summary>
public sealed record Destination
{
    public string? Topic { get; init; }
    public string? Table { get; init; }

    public static Destination ToTopic(string topic) => new() { Topic = topic };

    public static Destination ToTable(string table) => new() { Table = table };
}
