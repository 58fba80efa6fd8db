using ServerlessStreams.Local.Host;
using ServerlessStreams.Local.Host.Rpc;
using ServerlessStreams.Functions.Tests.LocalHost.Rpc;

namespace ServerlessStreams.Functions.Tests.LocalHost;

public class WorkerFunctionCatalogTests
{
    private static readonly HostJsonSettings Defaults = new(64, 5, 200);

    [Fact]
    public void Functions_are_sorted_by_trigger_with_their_bindings_as_the_worker_declared_them()
    {
        var functions = new[]
        {
            WorkerScript.KafkaFunction(),
            WorkerScript.TimerFunction(),
            WorkerScript.Function("query", """{"name":"req","type":"httpTrigger","direction":"In"}"""),
            WorkerScript.Function("odd", """{"name":"q","type":"queueTrigger","direction":"In"}"""),
        }.Select(f => WorkerFunction.From(f, f.FunctionId));

        var app = WorkerFunctionCatalog.Describe("/app", Defaults, functions,
            new AppSettings(new Dictionary<string, string> { ["SweepSchedule"] = "*/5 * * * * *" }));

        Assert.Equal(new KafkaTriggerFunction("stage-votes", "events", "%Topic_votes%", "%KafkaBrokerList%", "election-votes", null, null,
            KafkaBatchDataType.Binary), Assert.Single(app.KafkaFunctions));
        Assert.Equal(new TimerTriggerFunction("sweeper", "timer", "*/5 * * * * *"), Assert.Single(app.TimerFunctions));
        Assert.Equal(["query"], app.HttpFunctions);
        Assert.Equal(["odd"], app.OtherFunctions);
    }

    [Theory]
    [InlineData("""{"name":"events","type":"kafkaTrigger","brokerList":"b","consumerGroup":"g"}""", "its kafkaTrigger binding has no 'topic'")]
    [InlineData("""{"name":"events","type":"kafkaTrigger","topic":"t","brokerList":"b","consumerGroup":""}""", "'consumerGroup' must be a non-empty string")]
    [InlineData("""{"name":"timer","type":"timerTrigger","schedule":"%Missing%"}""", "app setting 'Missing' is not set")]
    public void A_malformed_trigger_binding_is_named_with_its_function_and_problem(string binding, string problem)
    {
        var function = WorkerScript.Function("stage-votes", binding);

        var error = Assert.Throws<InvalidOperationException>(() =>
            WorkerFunctionCatalog.Describe("/app", Defaults, [WorkerFunction.From(function, "id")], AppSettings.Empty));

        Assert.Contains("stage-votes", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_raw_binding_that_is_not_json_is_named()
    {
        var function = WorkerScript.Function("stage-votes", "{not json");

        var error = Assert.Throws<InvalidOperationException>(() => WorkerFunction.From(function, "id"));

        Assert.Contains("function 'stage-votes': a raw binding is not valid JSON", error.Message);
    }
}
