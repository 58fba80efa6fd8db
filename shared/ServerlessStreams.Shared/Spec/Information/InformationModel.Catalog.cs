namespace ServerlessStreams.Spec.Information;

internal static partial class InformationModel
{
    private static SpecObject CatalogEntryObject() => new()
    {
        Name = CatalogEntry,
        Noun = "task",
        Path = "$.catalog[*]",
        Doc = "A task: an input that reads a Kafka topic, a function that transforms and groups segments, or an output that writes them.",
        Fields = new[]
        {
            Field("name", SpecValueType.Name, "The task's name, unique in the job (ignoring case).") with { Required = true },
            Field("type", SpecValueType.String, "What the task does.") with { Required = true, Choices = new[] { "input", "function", "output" } },
            Field("medium", SpecValueType.String, "Where an input reads or an output writes. Inputs read Kafka.") with
            {
                Choices = new[] { "kafka", "table" },
                RequiredWhen = SpecCondition.When("type", "input", "output"),
                AppliesWhen = SpecCondition.When("type", "input", "output"),
            },
            Field("topic", SpecValueType.TopicName, "The Kafka topic read or written.") with
            {
                RequiredWhen = SpecCondition.When("medium", "kafka"),
                AppliesWhen = SpecCondition.When("medium", "kafka"),
            },
            Field("table", SpecValueType.TableName, "The Azure Table written.") with
            {
                RequiredWhen = SpecCondition.When("medium", "table"),
                AppliesWhen = SpecCondition.When("medium", "table"),
            },
            Field("batchSize", SpecValueType.Integer, "The most records handed to the task in one invocation.") with { Bounds = new SpecBounds(Min: 1, Max: int.MaxValue) },
            Field("fn", SpecValueType.String, "A registered segment function's name; `identity` is built in.") with
            {
                RequiredWhen = SpecCondition.When("type", "function"),
                AppliesWhen = SpecCondition.When("type", "function"),
            },
            Field("groupByKey", SpecValueType.FieldNames, "The field whose value is the group key, or several fields for a composite key. Not with `groupByFn`.") with
            {
                AppliesWhen = SpecCondition.When("type", "function"),
            },
            Field("groupByFn", SpecValueType.String, "A registered key function's name, computing the group key. Not with `groupByKey`.") with
            {
                AppliesWhen = SpecCondition.When("type", "function"),
            },
            Field("uniquenessKey", SpecValueType.String, "A field whose value identifies a segment; segments with a value already seen are dropped as duplicates.") with
            {
                AppliesWhen = SpecCondition.When("type", "input", "function"),
            },
            Field("keyedBy", SpecValueType.FieldNames, "What an input's records are keyed by in Kafka: the field whose value is a record's Kafka key, or several fields, so records with equal values share a partition. A windowed task that reads this input directly and groups by these fields (`groupByKey` holds all of them) is applied where its records arrive; any other windowed task has its records repartitioned by group key through an internal topic, so that each key has one writer. Absent: the ingestion's `keyField` when the input has one, else unknown, and every windowed task is repartitioned.") with
            {
                AppliesWhen = SpecCondition.When("type", "input"),
            },
            Field("ingest", SpecValueType.Object, "Makes a Kafka input ingestible over HTTP: the app serves `POST /api/ingest/<task>`, which checks each record and produces it to the task's topic. Absent: no ingestion function.") with
            {
                ObjectName = Ingest,
                AppliesWhen = SpecCondition.When("type", "input"),
            },
        },
    };

    private static SpecObject IngestObject() => new()
    {
        Name = Ingest,
        Noun = "ingestion settings",
        Path = "$.catalog[*].ingest",
        Doc = "HTTP ingestion into an input task's topic. A request holds one JSON object, a JSON array of objects or NDJSON; it is taken whole or not at all, and answered after Kafka has acknowledged every record.",
        Fields = new[]
        {
            Field("keyField", SpecValueType.String, "The field whose value is a record's Kafka key; the input is then keyed by it, as if its `keyedBy` named it. Absent: the key is the request's `Idempotency-Key` and the record's index, so a retried request produces the same keys and segment ids."),
            Field("maxBodyBytes", SpecValueType.Integer, "The largest request body taken; a larger one is refused with 413. The app setting `IngestMaxBodyBytes`, when set, wins: the limit protects a deployment's instances, so whoever runs the app sets it.") with { DefaultJson = "4194304", Bounds = new SpecBounds(Min: 1, Max: int.MaxValue) },
            Field("maxRecordBytes", SpecValueType.Integer, "The largest record taken, as its JSON in UTF-8; a request with a larger one is refused with 400 naming it. The default is the size a stage takes. The app setting `IngestMaxRecordBytes`, when set, wins.") with { DefaultJson = "262144", Bounds = new SpecBounds(Min: 1, Max: int.MaxValue) },
        },
    };

    private static SpecObject FlowConditionObject() => new()
    {
        Name = FlowCondition,
        Noun = "flow condition",
        Path = "$.flowConditions[*]",
        Doc = "Routes a task's output segments: a segment goes to the tasks in `to` only when `pred` holds for it.",
        Fields = new[]
        {
            Field("from", SpecValueType.String, "The task whose output segments are routed.") with { Required = true },
            Field("to", SpecValueType.StringArray, "Downstream tasks of `from` that receive a segment when `pred` holds.") with { Required = true },
            Field("pred", SpecValueType.Predicate, "The condition.") with { ObjectName = Pred, Required = true },
        },
    };

    private static SpecObject PredObject() => new()
    {
        Name = Pred,
        Noun = "predicate",
        Path = "$..pred",
        Doc = "The built-in predicate: holds when the segment's `field` equals `equals` (JSON values compared by value).",
        StringForm = "a registered predicate's name",
        Fields = new[]
        {
            Field("field", SpecValueType.String, "The segment field compared.") with { Required = true },
            Field("equals", SpecValueType.Any, "The value the field must equal, compared as JSON values.") with { Required = true },
        },
    };
}
