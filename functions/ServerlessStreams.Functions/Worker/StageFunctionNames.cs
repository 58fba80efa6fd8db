using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// Which task a Kafka-triggered function runs, by the function's name (case-insensitive, as the host treats names):
/// the stage of an input task, or the windowed part of a repartitioned task.
/// </summary>
internal sealed class StageFunctionNames(JobSpec job)
{
    private readonly IReadOnlyDictionary<string, string> _stages = FunctionNames.StagesOf(job);
    private readonly IReadOnlyDictionary<string, string> _keyed = FunctionNames.KeyedOf(job);

    public StageFunction Resolve(string functionName) =>
        _stages.TryGetValue(functionName, out var input) ? new StageFunction(input, Repartitioned: false)
        : _keyed.TryGetValue(functionName, out var task) ? new StageFunction(task, Repartitioned: true)
        : throw new InvalidOperationException(
            $"function '{functionName}' is not a Kafka-triggered function of job '{job.Name}' (those are: {string.Join(", ", _stages.Keys.Concat(_keyed.Keys))})");

    public string TaskOf(string functionName) => Resolve(functionName).Task;
}

/// <summary>A Kafka-triggered function's task; <paramref name="Repartitioned"/> when it reads the task's internal topic.</summary>
internal readonly record struct StageFunction(string Task, bool Repartitioned);
