using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>TEMPORARY (see <see cref="JobHost"/>): maps a job's stage and sweeper functions onto the custom handler's endpoints (the local pipeline needs no others).</summary>
public static class FunctionAppMapping
{
    public static CustomHandlerServer MapJob(this CustomHandlerServer server, JobRuntime runtime, IInvocationHandler sweeper)
    {
        foreach (var (functionName, task) in FunctionNames.StagesOf(runtime.Job))
            server.Map(functionName, new StageHandler(runtime, task));
        server.Map(FunctionNames.Sweeper, sweeper);
        return server;
    }
}
