using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Worker;

/// <summary>Which task a stage function runs, by the function's name (case-insensitive, as the host treats names).</summary>
public sealed class StageFunctionNames(JobSpec job)
{
    private readonly IReadOnlyDictionary<string, string> _tasks = FunctionNames.StagesOf(job);

    public string TaskOf(string functionName) =>
        _tasks.TryGetValue(functionName, out var task)
            ? task
            : throw new InvalidOperationException(
                $"function '{functionName}' is not a stage of job '{job.Name}' (its stages: {string.Join(", ", _tasks.Keys)})");
}
