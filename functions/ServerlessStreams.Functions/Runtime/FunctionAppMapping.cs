using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Registry;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>Maps a job's functions (as <c>generate</c> names them) onto the custom handler's endpoints.</summary>
public static class FunctionAppMapping
{
    public static CustomHandlerServer MapJob(this CustomHandlerServer server, JobRuntime runtime, JobRegistry registry, IInvocationHandler sweeper)
    {
        foreach (var (functionName, task) in FunctionNames.StagesOf(runtime.Job))
            server.Map(functionName, new StageHandler(runtime, task));
        server.Map(FunctionNames.Query, new QueryHandler(runtime.Job.Name, new WindowQuery(runtime.Job, registry, runtime.Services.Store)));
        server.Map(FunctionNames.Sweeper, sweeper);
        return server;
    }
}
