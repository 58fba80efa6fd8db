using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// TEMPORARY (see <see cref="FunctionAppWriter"/>): the function.json files the custom-handler local host reads.
/// The deployed app's functions are <see cref="Worker.JobFunctionCatalog"/>'s.
/// </summary>
public static class FunctionJsonGenerator
{
    public const string QueryRoute = "jobs/{job}/windows/{window}/keys/{key}";
    public const string HealthRoute = "health";
    public const string TimerBindingName = "timer";
    public const string HttpRequestBindingName = "req";

    public static IReadOnlyList<GeneratedFunction> Generate(JobSpec job, GenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        options ??= GenerationOptions.Default;
        var functions = new List<GeneratedFunction>();
        foreach (var (name, taskName) in FunctionNames.StagesOf(job))
        {
            functions.Add(new GeneratedFunction(name, Bindings(KafkaTrigger(job, job.Task(taskName), options))));
        }
        functions.Add(new GeneratedFunction(FunctionNames.Sweeper, Bindings(new JsonObject
        {
            ["type"] = "timerTrigger",
            ["direction"] = "in",
            ["name"] = TimerBindingName,
            ["schedule"] = NcrontabSchedule.Every(SweeperPeriod(job, options)),
        })));
        functions.Add(new GeneratedFunction(FunctionNames.Query, Bindings(HttpTrigger("function", QueryRoute), HttpOutput())));
        functions.Add(new GeneratedFunction(FunctionNames.Health, Bindings(HttpTrigger("anonymous", HealthRoute), HttpOutput())));
        return functions;
    }

    public static TimeSpan SweeperPeriod(JobSpec job, GenerationOptions? options = null) => Worker.JobFunctionCatalog.SweeperPeriod(job, options);

    private static JsonObject KafkaTrigger(JobSpec job, TaskSpec task, GenerationOptions options)
    {
        var binding = new JsonObject
        {
            ["type"] = "kafkaTrigger",
            ["direction"] = "in",
            ["name"] = KafkaBindingDefaults.Name,
            ["topic"] = Setting(AppSettingNames.TopicOf(task.Name)),
            ["brokerList"] = Setting(AppSettingNames.KafkaBrokerList),
            ["consumerGroup"] = AppSettingNames.ConsumerGroupOf(job.Name, task.Name),
        };
        if (options.Kafka.UsesSasl)
        {
            binding["username"] = Setting(AppSettingNames.KafkaUsername);
            binding["password"] = Setting(AppSettingNames.KafkaPassword);
        }
        binding["protocol"] = options.Kafka.Protocol;
        if (options.Kafka.AuthenticationMode is { } mode)
        {
            binding["authenticationMode"] = mode;
        }
        binding["cardinality"] = "many";
        binding["dataType"] = "string";
        binding["lagThreshold"] = options.LagThreshold;
        return binding;
    }

    private static JsonObject HttpTrigger(string authLevel, string route) => new()
    {
        ["type"] = "httpTrigger",
        ["direction"] = "in",
        ["name"] = HttpRequestBindingName,
        ["authLevel"] = authLevel,
        ["methods"] = new JsonArray("get"),
        ["route"] = route,
    };

    private static JsonObject HttpOutput() => new()
    {
        ["type"] = "http",
        ["direction"] = "out",
        ["name"] = InvocationResult.HttpOutputName,
    };

    private static JsonObject Bindings(params JsonObject[] bindings) => new()
    {
        ["bindings"] = new JsonArray(bindings.Select(b => (JsonNode?)b).ToArray()),
    };

    private static string Setting(string name) => $"%{name}%";
}
