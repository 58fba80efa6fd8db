using ServerlessStreams.App.Samples;
using ServerlessStreams.Registry;

namespace ServerlessStreams.App;

/// <summary>
/// The C# functions, key functions, predicates, aggregations and callbacks this app's jobs may name.
/// Add your own here (see README, "Your own functions").
/// </summary>
public static class AppRegistry
{
    public static JobRegistry Create() => ElectionSample.Register(JobRegistry.Default);
}
