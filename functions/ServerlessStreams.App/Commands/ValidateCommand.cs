using System.CommandLine;
using ServerlessStreams.App.Samples;

namespace ServerlessStreams.App.Commands;

/// <summary><c>validate --job FILE</c>: prints every problem of a job spec; exit code 2 when it has any.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var job = new Option<FileInfo>("--job") { Description = "The job spec (JSON).", Required = true };
        var command = new Command("validate", "Check a job spec and print every problem with its JSON path.") { job };
        command.SetAction(parse =>
        {
            var spec = JobFiles.Load(parse.GetValue(job)!, AppRegistry.Create(), Console.Error);
            if (spec is null) return JobFiles.InvalidExitCode;
            Console.WriteLine($"{spec.Name}: valid ({spec.Catalog.Count} tasks, {spec.Windows.Count} windows, {spec.Triggers.Count} triggers)");
            return 0;
        });
        return command;
    }
}
