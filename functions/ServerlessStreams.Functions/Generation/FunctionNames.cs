using System.Text.RegularExpressions;
using ServerlessStreams.Partitioning;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// The names of the functions a job's app serves. A name must match the host's
/// rule <c>^[a-z][a-z0-9_-]{0,127}$</c> (case-insensitive, not <c>host</c>).
/// </summary>
internal static partial class FunctionNames
{
    public const string StagePrefix = "stage-";
    public const string KeyedPrefix = "keyed-";
    public const string Sweeper = "sweeper";
    public const string Query = "query";
    public const string Views = "views";
    public const string Stats = "stats";
    public const string Health = "health";

    public const int MaxLength = 128;

    /// <summary>The kafkaTrigger function of an input task: <c>stage-&lt;task&gt;</c>, other characters as <c>-</c>.</summary>
    public static string Stage(string taskName) => Named(StagePrefix, taskName);

    /// <summary>
    /// The kafkaTrigger function that applies a repartitioned task's windows, reading its internal topic:
    /// <c>keyed-&lt;task&gt;</c>, other characters as <c>-</c>.
    /// </summary>
    public static string Keyed(string taskName) => Named(KeyedPrefix, taskName);

    private static string Named(string prefix, string taskName)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskName);
        var name = prefix + string.Concat(taskName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '-'));
        if (name.Length > MaxLength)
        {
            throw new ArgumentException(
                $"task '{taskName}' gives the function name '{name[..40]}...' of {name.Length} characters; Azure Functions allows {MaxLength}",
                nameof(taskName));
        }
        return name;
    }

    /// <summary>The stage functions of a job by name, each with its input task; fails when two tasks map to one name.</summary>
    public static IReadOnlyDictionary<string, string> StagesOf(JobSpec job) => ByName(TriggeredTasks(job), Stage);

    /// <summary>The keyed functions of a job by name, each with its repartitioned task; fails when two tasks map to one name.</summary>
    public static IReadOnlyDictionary<string, string> KeyedOf(JobSpec job) => ByName(Repartitioning.RepartitionedTasks(job), Keyed);

    private static Dictionary<string, string> ByName(IEnumerable<TaskSpec> tasks, Func<string, string> nameOf)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in tasks)
        {
            var name = nameOf(task.Name);
            if (result.TryGetValue(name, out var other))
            {
                throw new ArgumentException(
                    $"tasks '{other}' and '{task.Name}' both give the function name '{name}'; rename one of them", nameof(tasks));
            }
            result[name] = task.Name;
        }
        return result;
    }

    /// <summary>The input tasks that get a stage function: those reading a Kafka topic.</summary>
    public static IEnumerable<TaskSpec> TriggeredTasks(JobSpec job) =>
        job.Catalog.Where(t => t.Type == TaskType.Input && t.Medium == Medium.Kafka);

    public static bool IsValid(string name) =>
        ValidName().IsMatch(name) && !string.Equals(name, "host", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-z][a-z0-9_\\-]{0,127}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
