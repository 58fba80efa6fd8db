using System.CommandLine;
using System.Text;
using ServerlessStreams.Functions;
using ServerlessStreams.Testing;

namespace ServerlessStreams.Local.Cli;

/// <summary>
/// <c>simulate</c>: runs a job over a JSON-lines file with no Kafka and no storage, on the production runtime and the
/// in-process stores (<see cref="JobSimulation"/>, on the job test driver).
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(ServerlessStreamsApp app)
    {
        var job = JobOption.Create();
        var input = new Option<FileInfo>("--input") { Description = "Segments for the input task, one JSON object a line.", Required = true };
        var output = new Option<FileInfo>("--output") { Description = "Where firings go, one JSON line each.", Required = true };
        var deadLetters = new Option<FileInfo?>("--dead-letters") { Description = "Where unprocessable and late segments go (default: stderr)." };
        var command = new Command("simulate", "Run a job deterministically over a file of segments and write its firings.")
        {
            job, input, output, deadLetters,
        };
        command.SetAction(async (parse, ct) =>
        {
            var registry = app.Registry;
            var spec = app.LoadJob(JobOption.File(parse, job, app), Console.Error);
            if (spec is null) return ServerlessStreamsApp.InvalidJobExitCode;
            var inputFile = parse.GetValue(input)!;
            if (!inputFile.Exists)
            {
                Console.Error.WriteLine($"{inputFile.FullName}: no such input file");
                return ServerlessStreamsApp.InvalidJobExitCode;
            }

            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            await using var firings = new StreamWriter(parse.GetValue(output)!.FullName, append: false, utf8);
            var deadLetterFile = parse.GetValue(deadLetters);
            await using var deadLetterWriter = deadLetterFile is null
                ? null
                : new StreamWriter(deadLetterFile.FullName, append: false, utf8);
            var summary = await JobSimulation.RunAsync(spec, registry, File.ReadLines(inputFile.FullName), firings, deadLetterWriter ?? Console.Error, ct);
            Console.WriteLine($"{summary.Segments} segments, {summary.Firings} firings, {summary.DeadLetters} dead letters ({summary.Late} late)");
            return 0;
        });
        return command;
    }
}
