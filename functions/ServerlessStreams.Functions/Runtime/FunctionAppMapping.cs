using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Runtime;

/// <summary>TEMPORARY (see <see cref="JobHost"/>): maps a job's functions onto the custom handler's endpoints.</summary>
public static class FunctionAppMapping
{
    public static CustomHandlerServer MapJob(this CustomHandlerServer server, JobRuntime runtime, WindowQuery query, IInvocationHandler sweeper)
    {
        foreach (var (functionName, task) in FunctionNames.StagesOf(runtime.Job))
            server.Map(functionName, new StageHandler(runtime, task));
        server.Map(FunctionNames.Query, new QueryHandler(runtime.Job.Name, query));
        server.Map(FunctionNames.Sweeper, sweeper);
        return server;
    }
}
