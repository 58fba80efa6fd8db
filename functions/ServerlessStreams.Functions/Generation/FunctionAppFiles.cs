using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Generation;

/// <summary>
/// Writes the files of a job's app that are not built: host.json and, when asked, local.settings.sample.json. The
/// functions themselves are not files: the worker reports them from the job spec at start-up.
/// </summary>
internal static class FunctionAppFiles
{
    public const string HostJsonFile = "host.json";
    public const string LocalSettingsSampleFile = "local.settings.sample.json";

    /// <param name="jobSpecSetting">When given, local.settings.sample.json is written with this job spec setting.</param>
    /// <returns>The paths written, host.json first.</returns>
    public static IReadOnlyList<string> Write(string directory, JobSpec job, GenerationOptions? options = null, string? jobSpecSetting = null)
    {
        Directory.CreateDirectory(directory);
        var hostPath = Path.Combine(directory, HostJsonFile);
        JsonFiles.Write(hostPath, HostJsonGenerator.Generate(job, options));
        if (jobSpecSetting is null) return [hostPath];
        var settingsPath = Path.Combine(directory, LocalSettingsSampleFile);
        JsonFiles.Write(settingsPath, LocalSettingsGenerator.Generate(job, jobSpecSetting));
        return [hostPath, settingsPath];
    }
}
