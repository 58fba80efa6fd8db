using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ServerlessStreams.TestWorker;

public static class Functions
{
    /// <summary>
    /// Records the batch (its values as text) and its trigger metadata. A record value <c>fail</c> fails the invocation;
    /// <c>crash-once</c> ends the process the first time it is seen; <c>hang</c> never answers.
    /// </summary>
    [Function("kafka-batch")]
    public static async Task KafkaBatch(
        [KafkaTrigger("%Broker%", "%Topic%", ConsumerGroup = "test-group", IsBatched = true)] byte[][] events,
        FunctionContext context)
    {
        var values = events.Select(e => Encoding.UTF8.GetString(e)).ToArray();
        var metadata = context.BindingContext.BindingData.ToDictionary(p => p.Key, p => p.Value?.ToString());
        Recorder.Write("kafka", context.InvocationId, new { Values = values, Metadata = metadata });
        if (values.Contains("crash-once") && Recorder.First("crash"))
        {
            Environment.Exit(3);
        }
        if (values.Contains("hang"))
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        if (values.Contains("fail"))
        {
            throw new InvalidOperationException("a record asked to fail");
        }
    }

    [Function("tick")]
    public static void Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer, FunctionContext context) =>
        Recorder.Write("timer", context.InvocationId, new
        {
            timer.IsPastDue,
            Last = timer.ScheduleStatus?.Last,
            Next = timer.ScheduleStatus?.Next,
            Setting = Environment.GetEnvironmentVariable("TickSchedule"),
        });

    [Function("greet")]
    public static IActionResult Greet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "greet/{name}")] HttpRequest request,
        string name) =>
        new ContentResult
        {
            Content = $"hello {name}{(request.Query.TryGetValue("from", out var from) ? " from " + from : "")}",
            ContentType = "text/plain",
            StatusCode = 200,
        };
}
