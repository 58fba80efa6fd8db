using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>Writes a job's function app files: host.json and <c>&lt;function&gt;/function.json</c> for each function.</summary>
public static class FunctionAppWriter
{
    public const string HostJsonFile = "host.json";
    public const string FunctionJsonFile = "function.json";
    public const string LocalSettingsSampleFile = "local.settings.sample.json";

    /// <returns>The paths written, host.json first.</returns>
    public static IReadOnlyList<string> Write(string directory, JobSpec job, GenerationOptions? options = null, string? jobSpecSetting = null)
    {
        options ??= GenerationOptions.Default;
        var functions = FunctionJsonGenerator.Generate(job, options);
        var hostJson = HostJsonGenerator.Generate(job, options);

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var hostPath = Path.Combine(directory, HostJsonFile);
        JsonFiles.Write(hostPath, hostJson);
        written.Add(hostPath);
        foreach (var function in functions)
        {
            var path = Path.Combine(directory, function.Name, FunctionJsonFile);
            JsonFiles.Write(path, function.FunctionJson);
            written.Add(path);
        }
        if (jobSpecSetting is not null)
        {
            var settingsPath = Path.Combine(directory, LocalSettingsSampleFile);
            JsonFiles.Write(settingsPath, LocalSettingsGenerator.Generate(job, jobSpecSetting));
            written.Add(settingsPath);
        }
        return written;
    }
}
