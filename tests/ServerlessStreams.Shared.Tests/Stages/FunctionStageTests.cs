using System.Text.Json.Nodes;
using ServerlessStreams.Registry;
using ServerlessStreams.Segments;
using ServerlessStreams.Shared.Tests.Support;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;
using static ServerlessStreams.Shared.Tests.Support.TestJobs;

namespace ServerlessStreams.Shared.Tests.Stages;

public class FunctionStageTests
{
    private static FunctionStage Stage(JobSpec job, JobRegistry? registry = null) =>
        new(job, job.Task(TestJobs.Task), registry ?? new JobRegistry());

    [Fact]
    public void The_identity_function_passes_the_segment_on_with_a_child_id()
    {
        var stage = Stage(Job(Fixed(10), Never()));
        var output = stage.Process(TestSegments.Of("""{"t":1}""", offset: 5));

        var result = Assert.Single(output.Results);
        Assert.Equal(new SegmentId("in/0/5#0"), result.Id);
        Assert.Equal(new SegmentId("in/0/5"), output.DedupeId);
        Assert.Equal("""{"t":1}""", result.Payload.ToJsonString());
        var emitted = Assert.Single(output.Emitted);
        Assert.Equal("out", emitted.Task);
        Assert.Same(result, emitted.Segment);
    }

    [Theory]
    [InlineData("""{"t":1,"voterId":"v-17"}""", "v-17")]
    [InlineData("""{"t":1,"voterId":42}""", "42")]
    [InlineData("""{"t":1,"voterId":{"id":1}}""", """{"id":1}""")]
    public void A_uniqueness_key_value_is_the_de_duplication_id(string payload, string id)
    {
        var stage = Stage(Job([Fixed(10)], [Never()], uniquenessKey: "voterId"));
        Assert.Equal(new SegmentId(id), stage.Process(TestSegments.Of(payload)).DedupeId);
    }

    [Fact]
    public void A_missing_uniqueness_key_rejects_the_segment()
    {
        var stage = Stage(Job([Fixed(10)], [Never()], uniquenessKey: "voterId"));
        var error = Assert.Throws<SegmentRejectedException>(() => stage.Process(TestSegments.Of("""{"t":1}""")));
        Assert.Equal("uniqueness key 'voterId' missing", error.Reason);
    }

    [Fact]
    public void A_throwing_function_rejects_the_segment_naming_the_function()
    {
        var registry = new JobRegistry().AddFunction("boom", _ => throw new InvalidOperationException("nope"));
        var stage = Stage(Job([Fixed(10)], [Never()], fn: "boom"), registry);
        var error = Assert.Throws<SegmentRejectedException>(() => stage.Process(TestSegments.Of("""{"t":1}""")));
        Assert.Equal("function 'boom' threw InvalidOperationException: nope", error.Reason);
    }

    [Fact]
    public void Each_output_of_the_function_gets_its_own_child_id()
    {
        var registry = new JobRegistry().AddFunction("split", s => [new JsonObject { ["t"] = 1 }, new JsonObject { ["t"] = 2 }]);
        var output = Stage(Job([Fixed(10)], [Never()], fn: "split"), registry).Process(TestSegments.Of("""{"t":0}""", 3));
        Assert.Equal(["in/0/3#0", "in/0/3#1"], output.Results.Select(s => s.Id.Value));
    }

    [Fact]
    public void The_group_key_comes_from_the_input_segment()
    {
        var registry = new JobRegistry().AddFunction("strip", s => [new JsonObject { ["t"] = s["t"]!.DeepClone() }]);
        var stage = Stage(Job([Fixed(10)], [Never()], groupBy: ["region", "candidate"], fn: "strip"), registry);
        Assert.Equal("""["n","ada"]""", stage.Process(TestSegments.Of("""{"t":0,"region":"n","candidate":"ada"}""")).Key.Json);
    }

    [Fact]
    public void Flow_conditions_decide_which_downstream_tasks_receive_a_segment()
    {
        var job = Job(Fixed(10), Never()) with
        {
            FlowConditions = new[] { new FlowCondition(TestJobs.Task, new[] { "out" }, PredicateSpec.FieldEquals("valid", "true")) },
        };
        var stage = Stage(job);
        Assert.Single(stage.Process(TestSegments.Of("""{"t":1,"valid":true}""")).Emitted);
        var refused = stage.Process(TestSegments.Of("""{"t":1,"valid":false}"""));
        Assert.Empty(refused.Emitted);
        Assert.Single(refused.Results);
    }
}
