using ServerlessStreams.Partitioning;
using ServerlessStreams.Shared.Tests.Spec;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Shared.Tests.Partitioning;

public class RepartitioningTests
{
    /// <summary>in → count (windowed), with the input and the task as given.</summary>
    private static JobSpec Job(TaskSpec input, TaskSpec count, params TaskSpec[] more)
    {
        var catalog = new List<TaskSpec> { input, count };
        catalog.AddRange(more);
        return new JobSpec
        {
            Name = "job",
            Workflow = [new WorkflowEdge(input.Name, count.Name), .. more.Select(m => new WorkflowEdge(m.Name, count.Name))],
            Catalog = [.. catalog],
            Windows = [new WindowSpec { Id = "w", Task = count.Name, Type = WindowType.Global, Aggregation = AggregationSpec.Count }],
        };
    }

    private static TaskSpec Input(string name = "in", string[]? keyedBy = null, string? ingestKey = null) => new()
    {
        Name = name, Type = TaskType.Input, Medium = Medium.Kafka, Topic = name,
        KeyedBy = keyedBy is null ? (EquatableArray<string>?)null : new EquatableArray<string>(keyedBy),
        Ingest = ingestKey is null ? null : new IngestSettings { KeyField = ingestKey },
    };

    private static TaskSpec Count(string[]? groupBy = null, string? groupByFn = null) => new()
    {
        Name = "count", Type = TaskType.Function, Fn = "identity",
        GroupByKey = groupBy is null ? (EquatableArray<string>?)null : new EquatableArray<string>(groupBy), GroupByFn = groupByFn,
    };

    private static bool Hops(JobSpec job) => Repartitioning.IsRepartitioned(job, job.Task("count"));

    [Fact]
    public void A_task_grouping_by_what_its_input_is_keyed_by_is_applied_where_its_records_arrive()
    {
        Assert.False(Hops(Job(Input(keyedBy: ["user"]), Count(["user"]))));
        // Records of one (region, user) share a user, so a partition.
        Assert.False(Hops(Job(Input(keyedBy: ["user"]), Count(["region", "user"]))));
        Assert.False(Hops(Job(Input(ingestKey: "user"), Count(["user"]))));
    }

    [Fact]
    public void A_task_grouping_by_anything_else_is_repartitioned()
    {
        Assert.True(Hops(Job(Input(), Count(["user"]))));
        Assert.True(Hops(Job(Input(keyedBy: ["user"]), Count(["page"]))));
        Assert.True(Hops(Job(Input(keyedBy: ["region", "user"]), Count(["user"]))));
        Assert.True(Hops(Job(Input(keyedBy: ["user"]), Count())));
        Assert.True(Hops(Job(Input(keyedBy: ["user"]), Count(groupByFn: "by-user"))));
        // Two inputs keyed by user still put one user's records in two partitions, one of each topic.
        Assert.True(Hops(Job(Input(keyedBy: ["user"]), Count(["user"]), Input("other", keyedBy: ["user"]))));
    }

    [Fact]
    public void A_task_downstream_of_a_function_is_repartitioned_since_the_function_may_change_the_fields()
    {
        var job = new JobSpec
        {
            Name = "job",
            Workflow = [new WorkflowEdge("in", "enrich"), new WorkflowEdge("enrich", "count")],
            Catalog = [Input(keyedBy: ["user"]), new TaskSpec { Name = "enrich", Type = TaskType.Function, Fn = "identity" }, Count(["user"])],
            Windows = [new WindowSpec { Id = "w", Task = "count", Type = WindowType.Global, Aggregation = AggregationSpec.Count }],
        };

        Assert.True(Hops(job));
        Assert.False(Repartitioning.IsRepartitioned(job, job.Task("enrich")));
    }

    [Fact]
    public void The_internal_topic_is_named_after_job_and_task_has_one_partition_for_one_key_and_keeps_records_as_long_as_the_job_replays()
    {
        var global = Job(Input(), Count()) with { DedupeRetention = TimeSpan.FromDays(3) };
        var grouped = Job(Input(), Count(["user"]));

        Assert.Equal(new InternalTopic("count", "job-count-repartition", 1, TimeSpan.FromDays(3)), Repartitioning.TopicOf(global, global.Task("count")));
        Assert.Equal(new InternalTopic("count", "job-count-repartition", null, JobSpec.DefaultDedupeRetention), Assert.Single(Repartitioning.TopicsOf(grouped)));
    }

    [Fact]
    public void The_designs_election_job_repartitions_its_votes_by_candidate()
    {
        var job = SpecJobs.Load(SpecFiles.Fixture("election.json"));

        Assert.Equal(["process-vote"], Repartitioning.RepartitionedTasks(job).Select(t => t.Name));
    }
}
