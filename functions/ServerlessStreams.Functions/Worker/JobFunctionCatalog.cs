using System.Text.Json.Nodes;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// The functions of a job's app, from its spec, so bindings never drift from it: a kafkaTrigger per input task reading
/// Kafka, a kafkaTrigger per repartitioned task reading its internal topic, the <c>sweeper</c> timer, the window query, the views read, this worker's counters and health. Broker, credentials and topics are
/// <c>%AppSetting%</c> references, never literals. Every function runs a method of <see cref="JobFunctions"/>.
/// </summary>
internal static class JobFunctionCatalog
{
    public const string QueryRoute = "jobs/{job}/windows/{window}/keys/{key}";
    public const string ViewsRoute = "jobs/{job}/views/{view}";
    public const string StatsRoute = "jobs/{job}/stats";
    public const string HealthRoute = "health";
    /// <summary>The kafkaTrigger's binding name: <see cref="JobFunctions.RunStageAsync"/>'s parameter, which the batch binds to.</summary>
    public const string KafkaEventsParameter = "events";
    public const string TimerParameter = "timer";
    public const string HttpRequestParameter = "req";

    /// <summary>The assembly the entry points are in, relative to the app folder (the worker loads it from there).</summary>
    public static string ScriptFile => Path.GetFileName(typeof(JobFunctions).Assembly.Location);

    public static IReadOnlyList<WorkerFunction> For(JobSpec job, GenerationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        options ??= GenerationOptions.Default;
        var functions = new List<WorkerFunction>();
        foreach (var (name, task) in FunctionNames.StagesOf(job))
        {
            var trigger = BindingJson.KafkaTrigger(KafkaTrigger(job, task, options), KafkaEventsParameter);
            functions.Add(new WorkerFunction(name, EntryPoint(nameof(JobFunctions.RunStageAsync)), [trigger]));
        }
        foreach (var (name, task) in FunctionNames.KeyedOf(job))
        {
            var trigger = BindingJson.KafkaTrigger(KafkaTrigger(job, task, options), KafkaEventsParameter);
            functions.Add(new WorkerFunction(name, EntryPoint(nameof(JobFunctions.RunStageAsync)), [trigger]));
        }
        functions.Add(new WorkerFunction(FunctionNames.Sweeper, EntryPoint(nameof(JobFunctions.SweepAsync)),
            [BindingJson.TimerTrigger(TimerParameter, NcrontabSchedule.Every(SweeperPeriod(job, options)))]));
        functions.Add(Http(FunctionNames.Query, nameof(JobFunctions.QueryWindowAsync), "Function", QueryRoute));
        functions.Add(Http(FunctionNames.Views, nameof(JobFunctions.ReadViewAsync), "Function", ViewsRoute));
        functions.Add(Http(FunctionNames.Stats, nameof(JobFunctions.ReadStats), "Function", StatsRoute));
        functions.Add(Http(FunctionNames.Health, nameof(JobFunctions.Health), "Anonymous", HealthRoute));
        functions.AddRange(Ingestion.IngestFunctions.For(job));
        functions.AddRange(Dashboard.DashboardFunctions.For(job));
        return functions;
    }

    /// <summary>
    /// The trigger of a task's Kafka-triggered function, as it would be declared on <see cref="JobFunctions.RunStageAsync"/>:
    /// the topic of an input task, or the internal topic of a repartitioned task, by its <c>Topic_&lt;task&gt;</c> setting.
    /// </summary>
    public static KafkaTriggerAttribute KafkaTrigger(JobSpec job, string taskName, GenerationOptions? options = null)
    {
        options ??= GenerationOptions.Default;
        var sasl = options.Kafka.UsesSasl;
        return new KafkaTriggerAttribute(Setting(AppSettingNames.KafkaBrokerList), Setting(AppSettingNames.TopicOf(taskName)))
        {
            ConsumerGroup = AppSettingNames.ConsumerGroupOf(job.Name, taskName),
            Username = sasl ? Setting(AppSettingNames.KafkaUsername) : null,
            Password = sasl ? Setting(AppSettingNames.KafkaPassword) : null,
            Protocol = Enum.Parse<BrokerProtocol>(options.Kafka.Protocol, ignoreCase: true),
            AuthenticationMode = options.Kafka.AuthenticationMode is { } mode
                ? Enum.Parse<BrokerAuthenticationMode>(mode, ignoreCase: true)
                : BrokerAuthenticationMode.NotSet,
            LagThreshold = options.LagThreshold,
            IsBatched = true,
        };
    }

    /// <summary>The job's smallest timer-trigger period, or the default when it has none.</summary>
    public static TimeSpan SweeperPeriod(JobSpec job, GenerationOptions? options = null)
    {
        options ??= GenerationOptions.Default;
        var periods = job.Triggers.Where(t => t.On == TriggerKind.Timer && t.Period is not null).Select(t => t.Period!.Value).ToList();
        return periods.Count == 0 ? options.DefaultSweeperPeriod : periods.Min();
    }

    private static WorkerFunction Http(string name, string method, string authLevel, string route) =>
        new(name, EntryPoint(method), [BindingJson.HttpTrigger(HttpRequestParameter, authLevel, route, "get"), BindingJson.HttpReturn()]);

    private static string EntryPoint(string method) => $"{typeof(JobFunctions).FullName}.{method}";

    private static string Setting(string name) => $"%{name}%";
}
