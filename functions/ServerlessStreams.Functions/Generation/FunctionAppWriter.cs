using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// TEMPORARY, for the custom-handler local host only (<see cref="Local.LocalPipeline"/> and its tests) until it drives
/// the isolated worker over gRPC: the app's files plus a <c>&lt;function&gt;/function.json</c> per function.
/// </summary>
public static class FunctionAppWriter
{
    public const string HostJsonFile = FunctionAppFiles.HostJsonFile;
    public const string FunctionJsonFile = "function.json";
    public const string LocalSettingsSampleFile = FunctionAppFiles.LocalSettingsSampleFile;

    /// <returns>The paths written, host.json first.</returns>
    public static IReadOnlyList<string> Write(string directory, JobSpec job, GenerationOptions? options = null, string? jobSpecSetting = null)
    {
        var written = FunctionAppFiles.Write(directory, job, options, jobSpecSetting).ToList();
        foreach (var function in FunctionJsonGenerator.Generate(job, options))
        {
            var path = Path.Combine(directory, function.Name, FunctionJsonFile);
            JsonFiles.Write(path, function.FunctionJson);
            written.Add(path);
        }
        return written;
    }
}
