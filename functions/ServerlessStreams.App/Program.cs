using ServerlessStreams.App.Samples;
using ServerlessStreams.Functions;
#if SERVERLESSSTREAMS_LOCAL
using ServerlessStreams.Local.Cli;
#endif

var app = new ServerlessStreamsApp(ElectionSample.Registry(), ElectionSample.JobSpec);
#if SERVERLESSSTREAMS_LOCAL
return await LocalCli.RunAsync(app, args, ElectionRun.Sample, SampleVotesCommand.Create());
#else
return await app.RunWorkerAsync(args);
#endif
