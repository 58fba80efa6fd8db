using System.Collections.Immutable;
using Microsoft.Azure.Functions.Worker.Core.FunctionMetadata;
using ServerlessStreams.Functions.Generation;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// Worker indexing from the job spec: the Functions host asks the worker for its functions at start-up
/// (<c>FunctionsMetadataRequest</c>) and gets <see cref="JobFunctionCatalog"/>'s, each bound to a method of
/// <see cref="JobFunctions"/> in <see cref="JobFunctionCatalog.ScriptFile"/>. Replaces the SDK's generated provider,
/// which knows only methods marked <c>[Function]</c>.
/// </summary>
internal sealed class JobFunctionMetadataProvider(JobSpec job, GenerationOptions options) : IFunctionMetadataProvider
{
    public const string Language = "dotnet-isolated";

    public Task<ImmutableArray<IFunctionMetadata>> GetFunctionMetadataAsync(string directory) =>
        Task.FromResult(Describe(job, options));

    public static ImmutableArray<IFunctionMetadata> Describe(JobSpec job, GenerationOptions options) =>
    [
        .. JobFunctionCatalog.For(job, options).Select(function => (IFunctionMetadata)new DefaultFunctionMetadata
        {
            Name = function.Name,
            EntryPoint = function.EntryPoint,
            ScriptFile = JobFunctionCatalog.ScriptFile,
            Language = Language,
            RawBindings = function.Bindings.Select(b => b.ToJsonString()).ToList(),
        }),
    ];
}
