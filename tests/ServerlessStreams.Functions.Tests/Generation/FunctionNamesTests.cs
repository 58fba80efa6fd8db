using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Tests.Fixtures;

namespace ServerlessStreams.Functions.Tests.Generation;

public class FunctionNamesTests
{
    [Theory]
    [InlineData("votes", "stage-votes")]
    [InlineData("process-vote", "stage-process-vote")]
    [InlineData("web clicks", "stage-web-clicks")]
    [InlineData("a/b.c", "stage-a-b-c")]
    [InlineData("ünï", "stage--n-")]
    public void Stage_names_are_valid_function_names(string task, string expected)
    {
        var name = FunctionNames.Stage(task);

        Assert.Equal(expected, name);
        Assert.True(FunctionNames.IsValid(name));
    }

    [Fact]
    public void Fixed_names_are_valid_function_names()
    {
        Assert.All([FunctionNames.Sweeper, FunctionNames.Query, FunctionNames.Health], name => Assert.True(FunctionNames.IsValid(name)));
    }

    [Theory]
    [InlineData("host")]
    [InlineData("1stage")]
    [InlineData("stage votes")]
    [InlineData("")]
    public void IsValid_rejects_what_the_host_rejects(string name)
    {
        Assert.False(FunctionNames.IsValid(name));
    }

    [Fact]
    public void A_task_name_too_long_for_a_function_name_is_refused_with_the_limit()
    {
        var error = Assert.Throws<ArgumentException>(() => FunctionNames.Stage(new string('t', FunctionNames.MaxLength)));

        Assert.Contains("128", error.Message);
    }

    [Fact]
    public void The_longest_task_name_that_fits_gives_a_valid_name()
    {
        var name = FunctionNames.Stage(new string('t', FunctionNames.MaxLength - FunctionNames.StagePrefix.Length));

        Assert.True(FunctionNames.IsValid(name));
    }

    [Fact]
    public void StagesOf_maps_function_names_to_input_tasks_reading_kafka()
    {
        var stages = FunctionNames.StagesOf(SampleJobs.TwoInputs());

        Assert.Equal(new Dictionary<string, string> { ["stage-web-clicks"] = "web clicks", ["stage-app_clicks"] = "app_clicks" }, stages);
    }

    [Fact]
    public void StagesOf_refuses_two_tasks_with_one_function_name()
    {
        var job = SampleJobs.TwoInputs() with
        {
            Catalog = SampleJobs.TwoInputs().Catalog.Append(new Spec.TaskSpec
            {
                Name = "web.clicks", Type = Spec.TaskType.Input, Medium = Spec.Medium.Kafka, Topic = "x",
            }).ToArray(),
        };

        var error = Assert.Throws<ArgumentException>(() => FunctionNames.StagesOf(job));

        Assert.Contains("'web clicks'", error.Message);
        Assert.Contains("'web.clicks'", error.Message);
    }

    [Fact]
    public void KeyedOf_maps_keyed_function_names_to_the_repartitioned_tasks()
    {
        var keyed = FunctionNames.KeyedOf(ElectionSample.Load());

        Assert.Equal(new Dictionary<string, string> { ["keyed-all-votes"] = "all-votes", ["keyed-by-candidate"] = "by-candidate" }, keyed);
        Assert.All(keyed.Keys, name => Assert.True(FunctionNames.IsValid(name), name));
    }
}
