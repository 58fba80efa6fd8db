using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

/// <summary>Loading valid documents; the error kinds are in the other parts of this class.</summary>
public partial class JobSpecLoaderTests
{
    [Fact]
    public void Loads_the_design_example()
    {
        var job = Load(SpecFiles.Fixture("election.json"));

        Assert.Equal("election", job.Name);
        Assert.Equal([new WorkflowEdge("votes", "process-vote"), new WorkflowEdge("process-vote", "results")], job.Workflow);
        Assert.Equal(new TaskSpec { Name = "votes", Type = TaskType.Input, Medium = Medium.Kafka, Topic = "votes", BatchSize = 500 }, job.Task("votes"));
        Assert.Equal(["candidate"], job.Task("process-vote").GroupByKey!.Value);
        Assert.Equal(
            new WindowSpec
            {
                Id = "age-sum", Task = "process-vote", Type = WindowType.Sliding, Aggregation = AggregationSpec.Sum("age"),
                WindowKey = "eventTime", KeyKind = WindowKeyKind.Time, Range = 300_000, Slide = 60_000,
            },
            job.Windows[1]);
        Assert.Equal(300_000, job.Windows[2].TimeoutGap);
        Assert.Equal(SyncSpec.ToTable("VotesPerHour"), job.Triggers[0].Sync);
        Assert.True(job.Triggers[0].FireAllExtents);
        Assert.Equal(TimeSpan.FromSeconds(5), job.Triggers[1].Period);
        Assert.Equal(PredicateSpec.FieldEquals("type", "\"logout\""), job.Triggers[2].Pred);
        Assert.Equal(Refinement.Discarding, job.Triggers[3].Refinement);
        Assert.Equal(0.95, job.Triggers[4].Percentage);
        Assert.Equal(new FlowCondition("process-vote", new[] { "results" }, PredicateSpec.FieldEqualsValue("valid", true)), job.FlowConditions[0]);
        Assert.Equal(new TimeSettings { MaxOutOfOrderness = TimeSpan.FromSeconds(30), AllowedLateness = TimeSpan.FromHours(1) }, job.Time);
        Assert.Equal(Destination.ToTopic("election-dead-letters"), job.DeadLetter);
        Assert.Equal(Destination.ToTopic("election-late"), job.LateData);
        Assert.Equal(TimeSpan.FromDays(7), job.DedupeRetention);
    }

    [Fact]
    public void Plain_number_lengths_make_a_numeric_window_key()
    {
        var job = Load(With(j =>
        {
            Window(j)["type"] = "sliding";
            Window(j)["range"] = 10;
            Window(j)["slide"] = 2.5;
            Window(j)["minValue"] = -100;
        }));

        Assert.Equal(WindowKeyKind.Number, job.Windows[0].KeyKind);
        Assert.Equal((10.0, 2.5, -100.0), (job.Windows[0].Range, job.Windows[0].Slide, job.Windows[0].MinValue));
    }

    [Fact]
    public void Absent_keys_take_the_documented_defaults()
    {
        var job = Load(Minimal);

        Assert.Equal(TimeSettings.Default, job.Time);
        Assert.Equal(TimeSpan.FromMinutes(1), job.Time.IdleTimeout);
        Assert.Equal(TimeSpan.FromDays(7), job.DedupeRetention);
        Assert.Equal((false, Refinement.Accumulating), (job.Triggers[0].FireAllExtents, job.Triggers[0].Refinement));
        Assert.Equal(0, job.Windows[0].MinValue);
        Assert.Empty(job.FlowConditions);
    }

    [Fact]
    public void Reads_the_other_forms_of_groupByKey_pred_sync_and_aggregation()
    {
        var registry = JobRegistry.Default
            .AddPredicate("isEnd", _ => true)
            .AddCallback("publish", (_, _) => ValueTask.CompletedTask)
            .AddAggregation("top3", new MergingAggregation());
        var job = Load(With(j =>
        {
            Task(j, 1)["groupByKey"] = new System.Text.Json.Nodes.JsonArray("region", "candidate");
            Window(j)["aggregation"] = "top3";
            Trigger(j)["on"] = "punctuation";
            Trigger(j)["pred"] = "isEnd";
            Trigger(j)["sync"] = "publish";
        }), registry);

        Assert.Equal(["region", "candidate"], job.Catalog[1].GroupByKey!.Value);
        Assert.Equal(AggregationSpec.Registered("top3"), job.Windows[0].Aggregation);
        Assert.Equal(PredicateSpec.Registered("isEnd"), job.Triggers[0].Pred);
        Assert.Equal(SyncSpec.ToCallback("publish"), job.Triggers[0].Sync);
    }

    [Fact]
    public void Allows_comments()
    {
        var job = Load("// the smallest job\n" + Minimal);
        Assert.Equal("job", job.Name);
    }

    [Fact]
    public void Reports_every_problem_at_once()
    {
        var errors = Errors(With(j =>
        {
            j["dedupeRetention"] = "a week";
            Task(j, 0)["batchSize"] = "500";
            Task(j, 2)["name"] = "fn";
            Window(j)["windowKy"] = "t";
            Trigger(j)["windowId"] = "nope";
        }));

        Assert.Equal(
            [
                new SpecError(WrongType, "$.catalog[0].batchSize", "expected an integer, found a string ('500')"),
                new SpecError(UnknownField, "$.windows[0].windowKy", "unknown field 'windowKy' in a window; did you mean 'windowKey'?"),
                new SpecError(InvalidDuration, "$.dedupeRetention", "'a week' is not a duration; expected " + Durations.Expected),
                new SpecError(DuplicateName, "$.catalog[2].name", "task name 'fn' is already used by $.catalog[1]"),
                new SpecError(UnknownTask, "$.workflow[1][1]", "no task named 'out' in the catalog"),
                new SpecError(UnknownWindow, "$.triggers[0].windowId", "no window with id 'nope'"),
            ],
            errors);
    }

    [Fact]
    public void A_result_without_a_job_throws_with_every_error()
    {
        var result = JobSpecLoader.Load(With(j => j.Remove("name")), JobRegistry.Default);

        var exception = Assert.Throws<JobSpecException>(result.GetJobOrThrow);
        Assert.Equal("the job spec has 1 error:" + Environment.NewLine + "  $.name: a job needs name", exception.Message);
    }

    private sealed class MergingAggregation : IUserAggregation
    {
        public System.Text.Json.Nodes.JsonNode? Init() => 0;

        public System.Text.Json.Nodes.JsonNode? Apply(System.Text.Json.Nodes.JsonNode? state, System.Text.Json.Nodes.JsonObject segment) => state;

        public bool CanMerge => true;

        public System.Text.Json.Nodes.JsonNode? Merge(System.Text.Json.Nodes.JsonNode? left, System.Text.Json.Nodes.JsonNode? right) => left;
    }
}
