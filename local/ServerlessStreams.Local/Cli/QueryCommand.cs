using System.CommandLine;
using ServerlessStreams.Functions;
using ServerlessStreams.Durable.Queries;
using ServerlessStreams.Durable.Storage.Tables;
using ServerlessStreams.Functions.Runtime;

namespace ServerlessStreams.Local.Cli;

/// <summary><c>query</c>: the current state of a window for one key, read from the window entities in storage.</summary>
internal static class QueryCommand
{
    public static Command Create(ServerlessStreamsApp app)
    {
        var job = JobOption.Create();
        var window = new Option<string>("--window") { Description = "The window id.", Required = true };
        var key = new Option<string>("--key") { Description = "The group key: JSON (\"Alice\", null, [\"a\",1]) or plain text.", DefaultValueFactory = _ => "null" };
        var extent = new Option<long?>("--extent") { Description = "Only this extent." };
        var storage = new Option<string>("--storage") { Description = "Storage connection string of the app (Azurite or Azure).", Required = true };
        var command = new Command("query", "Print a window's current state for one key, as GET /api/jobs/{job}/windows/{window}/keys/{key} does.")
        {
            job, window, key, extent, storage,
        };
        command.SetAction(async (parse, ct) =>
        {
            var registry = app.Registry;
            var spec = app.LoadJob(JobOption.File(parse, job, app), Console.Error);
            if (spec is null) return ServerlessStreamsApp.InvalidJobExitCode;
            var store = TableWindowEntityStore.FromConnectionString(parse.GetValue(storage)!);
            var result = await new WindowQuery(spec, registry, store)
                .QueryAsync(parse.GetValue(window)!, GroupKeyText.Parse(parse.GetValue(key)!), parse.GetValue(extent), ct);
            if (result is null)
            {
                Console.Error.WriteLine($"job '{spec.Name}' has no window '{parse.GetValue(window)}'");
                return 1;
            }
            Console.WriteLine(result.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            return 0;
        });
        return command;
    }
}
