using System.CommandLine;
using ServerlessStreams.App.Commands;

var root = new RootCommand("ServerlessStreams: stateful stream processing on Azure Functions, Kafka and Azure Tables.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
