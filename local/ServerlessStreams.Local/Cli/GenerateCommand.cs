using System.CommandLine;
using ServerlessStreams.Functions;
using ServerlessStreams.Functions.Generation;

namespace ServerlessStreams.Local.Cli;

/// <summary>
/// <c>generate --job FILE --out DIR</c>: writes host.json for the job's app (its Kafka settings follow the spec). With
/// <c>--local-settings</c> it also writes local.settings.sample.json; with <c>--topics FILE</c> the job's topics (its
/// internal topics among them) as infra-bicep/main.bicep's parameters; with <c>--check</c> it only checks an existing
/// DIR/host.json. The functions are not files: the worker reports them from the job spec when it starts.
/// </summary>
internal static class GenerateCommand
{
    public const int ProblemsExitCode = 3;

    public static Command Create(ServerlessStreamsApp app)
    {
        var job = JobOption.Create();
        var output = new Option<DirectoryInfo>("--out") { Description = "The function app folder to write.", Required = true };
        var localSettings = new Option<bool>("--local-settings") { Description = "Also write local.settings.sample.json." };
        var jobSetting = new Option<string?>("--job-setting")
        {
            Description = "The job spec path the app reads, relative to the app folder (default: the file name of --job, e.g. job.json).",
        };
        var check = new Option<bool>("--check") { Description = "Do not write; check DIR/host.json and print its problems." };
        var topics = new Option<FileInfo?>("--topics")
        {
            Description = "Also write the job's topics (inputs, outputs, internal topics, dead letters) as a Bicep parameters file for infra-bicep/main.bicep.",
        };
        var command = new Command("generate", "Write host.json (and local settings, and the topics to deploy) for a job's function app.")
        {
            job, output, localSettings, jobSetting, check, topics,
        };
        command.SetAction(parse =>
        {
            var jobFile = JobOption.File(parse, job, app);
            var spec = app.LoadJob(jobFile, Console.Error);
            if (spec is null) return ServerlessStreamsApp.InvalidJobExitCode;
            var directory = parse.GetValue(output)!;

            if (parse.GetValue(check))
            {
                var problems = HostJsonChecker.CheckFile(Path.Combine(directory.FullName, FunctionAppFiles.HostJsonFile), spec);
                foreach (var problem in problems) Console.Error.WriteLine(problem);
                Console.WriteLine(problems.Count == 0 ? "host.json: no problems" : $"host.json: {problems.Count} problem(s)");
                return problems.Count == 0 ? 0 : ProblemsExitCode;
            }

            var setting = parse.GetValue(localSettings) ? parse.GetValue(jobSetting) ?? DefaultJobSetting(jobFile) : null;
            var written = FunctionAppFiles.Write(directory.FullName, spec, jobSpecSetting: setting).ToList();
            if (parse.GetValue(topics) is { } topicsFile)
            {
                JsonFiles.Write(topicsFile.FullName, BicepTopicParameters.Generate(spec));
                written.Add(topicsFile.FullName);
            }
            foreach (var path in written) Console.WriteLine(Path.GetRelativePath(Environment.CurrentDirectory, path));
            return 0;
        });
        return command;
    }

    /// <summary>
    /// The job spec's path as the deployed app sees it: an app copies its job spec beside its executable (as an app made
    /// from the template does with job.json), so it is the file's name.
    /// </summary>
    public static string DefaultJobSetting(FileInfo jobFile) => jobFile.Name;
}
