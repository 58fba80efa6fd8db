using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>
/// TEMPORARY (see <see cref="JobHost"/>): the custom handler's form of <see cref="Worker.JobFunctions.RunStageAsync"/>.
/// The kafkaTrigger function of an input task. It answers 2xx only after every window change is committed and
/// every output, dead letter and late record is acknowledged; anything else throws, so the batch is redelivered.
/// </summary>
public sealed class StageHandler(JobRuntime runtime, string inputTask) : IInvocationHandler
{
    public async Task<InvocationResult> HandleAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var records = KafkaTriggerPayload.Decode(request, KafkaBindingDefaults.Name);
        var outcome = await runtime.ProcessAsync(inputTask, records, cancellationToken);
        return InvocationResult.WithLogs($"{inputTask}: {outcome}");
    }
}
