using ServerlessStreams.Registry;

namespace ServerlessStreams.Spec;

public sealed partial class JobBuilder
{
    /// <summary>A Kafka input task reading <paramref name="topic"/>.</summary>
    /// <param name="name">The task's name in the workflow.</param>
    /// <param name="topic">The topic it reads.</param>
    /// <param name="batchSize">Records per batch; the host's default when null.</param>
    /// <param name="uniquenessKey">The field that identifies a record for de-duplication.</param>
    /// <param name="ingest">Whether and how <c>POST /api/ingest/&lt;task&gt;</c> accepts records for it.</param>
    /// <param name="keyedBy">The fields whose values are the records' Kafka keys (see <see cref="TaskSpec.KeyedBy"/>).</param>
    public JobBuilder KafkaInput(string name, string topic, int? batchSize = null, string? uniquenessKey = null,
        IngestSettings? ingest = null, IReadOnlyList<string>? keyedBy = null) =>
        AddTask(new TaskSpec
        {
            Name = name, Type = TaskType.Input, Medium = Medium.Kafka, Topic = topic, BatchSize = batchSize, UniquenessKey = uniquenessKey,
            Ingest = ingest, KeyedBy = keyedBy is null ? (EquatableArray<string>?)null : new EquatableArray<string>(keyedBy),
        });

    /// <summary>A function task; <paramref name="groupByKey"/> (field names) and <paramref name="groupByFn"/> exclude each other.</summary>
    public JobBuilder Function(string name, string fn = JobRegistry.IdentityFunction, IReadOnlyList<string>? groupByKey = null,
        string? groupByFn = null, string? uniquenessKey = null, int? batchSize = null) =>
        AddTask(new TaskSpec
        {
            Name = name,
            Type = TaskType.Function,
            Fn = fn,
            GroupByKey = groupByKey is null ? (EquatableArray<string>?)null : new EquatableArray<string>(groupByKey),
            GroupByFn = groupByFn,
            UniquenessKey = uniquenessKey,
            BatchSize = batchSize,
        });

    /// <summary>An output task writing to the Kafka topic <paramref name="topic"/>.</summary>
    public JobBuilder KafkaOutput(string name, string topic, int? batchSize = null) =>
        AddTask(new TaskSpec { Name = name, Type = TaskType.Output, Medium = Medium.Kafka, Topic = topic, BatchSize = batchSize });

    /// <summary>An output task writing to the Azure Table <paramref name="table"/>.</summary>
    public JobBuilder TableOutput(string name, string table, int? batchSize = null) =>
        AddTask(new TaskSpec { Name = name, Type = TaskType.Output, Medium = Medium.Table, Table = table, BatchSize = batchSize });

    /// <summary>Adds a task as it is.</summary>
    public JobBuilder AddTask(TaskSpec task)
    {
        _catalog.Add(task);
        return this;
    }
}
