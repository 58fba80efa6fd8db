namespace ServerlessStreams.Spec.Information;

/// <summary>
/// Every key of every object of a job spec: its doc, JSON type, choices, default and when it is required
/// (after Onyx's information model). The validator checks documents against it and
/// <see cref="SpecReferenceWriter"/> renders it as <c>docs/spec-reference.md</c>.
/// </summary>
internal static partial class InformationModel
{
    public const string Job = "job";
    public const string CatalogEntry = "catalogEntry";
    public const string Window = "window";
    public const string Trigger = "trigger";
    public const string Sync = "sync";
    public const string Pred = "pred";
    public const string FlowCondition = "flowCondition";
    public const string Time = "time";
    public const string DeadLetter = "deadLetter";
    public const string LateData = "lateData";
    public const string Ingest = "ingest";

    /// <summary>The aggregation kinds that take a field: <c>[kind, field]</c>.</summary>
    public static readonly EquatableArray<string> FieldAggregations = new[] { "sum", "min", "max", "average", "distinctCount" };

    /// <summary>The aggregations named by a plain string without a registration.</summary>
    public static readonly EquatableArray<string> BuiltInAggregations = new[] { "count", "collect" };

    public static IReadOnlyList<SpecObject> Objects { get; } =
    [
        JobObject(), CatalogEntryObject(), IngestObject(), WindowObject(), TriggerObject(), SyncObject(), PredObject(),
        FlowConditionObject(), TimeObject(), DestinationObject(DeadLetter, "dead-letter destination", "Where segments that cannot be processed go (not JSON, window key missing, the task's function threw), with the error and their source coordinates."),
        DestinationObject(LateData, "late-data destination", "Where late segments go: those older than the watermark minus `time.allowedLateness`. Late segments are never dropped silently."),
    ];

    public static SpecObject Get(string name) =>
        Objects.FirstOrDefault(o => o.Name == name) ?? throw new KeyNotFoundException($"the information model has no object '{name}'");

    private static SpecField Field(string name, SpecValueType type, string doc) => new() { Name = name, Type = type, Doc = doc };
}
