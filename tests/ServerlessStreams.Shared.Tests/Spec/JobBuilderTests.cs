using ServerlessStreams.Registry;
using ServerlessStreams.Spec;
using static ServerlessStreams.Shared.Tests.Spec.SpecJobs;
using static ServerlessStreams.Spec.SpecErrorCodes;

namespace ServerlessStreams.Shared.Tests.Spec;

public class JobBuilderTests
{
    [Fact]
    public void Builds_the_model_the_loader_reads_from_the_same_job() =>
        Assert.Equal(Load(SpecFiles.Fixture("election.json")), ElectionJob.Builder().Build());

    [Fact]
    public void A_valid_job_has_no_errors() =>
        Assert.Empty(ElectionJob.Builder().Validate(JobRegistry.Default));

    [Fact]
    public void Numeric_lengths_build_the_model_the_loader_reads_from_plain_numbers()
    {
        var built = JobBuilder.Create("job")
            .Flow("in", "fn", "out")
            .KafkaInput("in", topic: "in")
            .Function("fn")
            .KafkaOutput("out", topic: "out")
            .SlidingWindow("w", "fn", AggregationSpec.Max("score"), windowKey: "seq", range: 10, slide: 2.5, minValue: -100)
            .WatermarkTrigger("t", "w")
            .Build();

        var loaded = Load(With(j =>
        {
            Window(j)["type"] = "sliding";
            Window(j)["aggregation"] = new System.Text.Json.Nodes.JsonArray("max", "score");
            Window(j)["windowKey"] = "seq";
            Window(j)["range"] = 10;
            Window(j)["slide"] = 2.5;
            Window(j)["minValue"] = -100;
        }));

        Assert.Equal(loaded, built);
    }

    [Fact]
    public void Reports_the_errors_the_loader_reports_for_the_same_job()
    {
        var builder = JobBuilder.Create("job")
            .Flow("in", "fn", "out")
            .KafkaInput("in", topic: "in")
            .Function("fn", fn: "missing")
            .KafkaOutput("out", topic: "out")
            .SlidingWindow("w", "fn", AggregationSpec.Count, windowKey: "t", range: TimeSpan.FromMinutes(1), slide: TimeSpan.FromMinutes(2))
            .SegmentTrigger("t", "nope", threshold: 0);

        var json = With(j =>
        {
            Task(j, 1)["fn"] = "missing";
            Window(j)["type"] = "sliding";
            Window(j)["slide"] = "2m";
            Trigger(j)["windowId"] = "nope";
            Trigger(j)["on"] = "segment";
            Trigger(j)["threshold"] = 0;
        });

        var errors = builder.Validate(JobRegistry.Default);
        Assert.Equal(Errors(json), errors);
        Assert.Equal(
            [
                new SpecError(OutOfRange, "$.triggers[0].threshold", "threshold must be at least 1, found 0"),
                new SpecError(UnregisteredFunction, "$.catalog[1].fn", "no function named 'missing' is registered"),
                new SpecError(RangeLessThanSlide, "$.windows[0].range", "a sliding window needs range >= slide"),
                new SpecError(UnknownWindow, "$.triggers[0].windowId", "no window with id 'nope'"),
            ],
            errors);
    }

    [Fact]
    public void BuildValidated_throws_with_every_error()
    {
        var builder = JobBuilder.Create("job").KafkaInput("in", topic: "in");

        var exception = Assert.Throws<JobSpecException>(() => builder.BuildValidated(JobRegistry.Default));
        Assert.Equal([new SpecError(TaskNotInWorkflow, "$.catalog[0]", "task 'in' is in no edge of the workflow")], exception.Errors);
    }

    [Fact]
    public void A_compared_value_that_is_not_json_is_reported()
    {
        var errors = ElectionJob.Builder().PunctuationTrigger("bad", "sessions", PredicateSpec.FieldEquals("type", "logout")).Validate(JobRegistry.Default);

        Assert.Equal(
            [new SpecError(InvalidJson, "$.triggers[5].pred.equals", "equals holds 'logout', which is not JSON text (a string value needs quotes)")],
            errors);
    }

    [Fact]
    public void Kinds_of_windows_and_triggers_keep_their_own_keys()
    {
        var job = JobBuilder.Create("job")
            .GlobalWindow("g", "fn", AggregationSpec.DistinctCount("voter"))
            .TimerTrigger("t", "g", TimeSpan.FromSeconds(1), fireAllExtents: true, refinement: Refinement.Discarding, sync: SyncSpec.ToCallback("cb"))
            .Build();

        Assert.Equal(new WindowSpec { Id = "g", Task = "fn", Type = WindowType.Global, Aggregation = new(AggregationKind.DistinctCount, "voter") }, job.Windows[0]);
        Assert.Equal(
            new TriggerSpec
            {
                Id = "t", WindowId = "g", On = TriggerKind.Timer, Period = TimeSpan.FromSeconds(1), FireAllExtents = true,
                Refinement = Refinement.Discarding, Sync = new SyncSpec { Callback = "cb" },
            },
            job.Triggers[0]);
    }
}
