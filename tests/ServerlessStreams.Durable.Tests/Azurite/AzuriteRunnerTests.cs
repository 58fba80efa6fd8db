using Azure.Data.Tables;
using ServerlessStreams.Local.Azurite;

namespace ServerlessStreams.Durable.Tests.Azurite;

public sealed class AzuriteRunnerTests
{
    [Fact]
    public async Task Starts_on_free_loopback_ports_serves_tables_and_stops_on_dispose()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var instance = await AzuriteRunner.StartAsync(timeout.Token);
        int tablePort;
        try
        {
            Assert.True(instance.OwnsProcess);
            Assert.NotEqual(DevelopmentStorage.DefaultTablePort, instance.TablePort);
            Assert.Contains($"TableEndpoint=http://127.0.0.1:{instance.TablePort}/devstoreaccount1", instance.ConnectionString, StringComparison.Ordinal);
            Assert.Contains($"BlobEndpoint=http://127.0.0.1:{instance.BlobPort}/devstoreaccount1", instance.ConnectionString, StringComparison.Ordinal);

            var table = new TableClient(instance.ConnectionString, "runner" + Guid.NewGuid().ToString("N")[..8]);
            await table.CreateIfNotExistsAsync(timeout.Token);
            await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 }, timeout.Token);
            Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: timeout.Token)).Value.GetInt32("V"));
            tablePort = instance.TablePort;
        }
        finally
        {
            await instance.DisposeAsync();
        }

        Assert.False(await AzuriteRunner.IsListeningAsync(AzuriteRunner.Host, tablePort, TimeSpan.FromSeconds(1), timeout.Token));
    }

    [Fact]
    public async Task On_disk_a_graceful_stop_keeps_the_data_for_a_start_on_the_same_location_and_ports()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var location = Directory.CreateTempSubdirectory("azurite-data-").FullName;
        try
        {
            var first = await AzuriteRunner.StartAsync(new AzuriteSetup { Location = location }, timeout.Token);
            var again = AzuriteSetup.Again(first, location);
            var name = "disk" + Guid.NewGuid().ToString("N")[..8];
            var table = new TableClient(first.ConnectionString, name);
            await table.CreateIfNotExistsAsync(timeout.Token);
            await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 7 }, timeout.Token);

            await first.StopGracefullyAsync(TimeSpan.FromSeconds(30));
            Assert.False(await AzuriteRunner.IsListeningAsync(AzuriteRunner.Host, first.TablePort, TimeSpan.FromSeconds(1), timeout.Token));

            await using var second = await AzuriteRunner.StartAsync(again, timeout.Token);
            Assert.Equal(first.TablePort, second.TablePort);
            var read = await new TableClient(second.ConnectionString, name).GetEntityAsync<TableEntity>("p", "r", cancellationToken: timeout.Token);
            Assert.Equal(7, read.Value.GetInt32("V"));
        }
        finally
        {
            Directory.Delete(location, recursive: true);
        }
    }

    [Fact]
    public async Task Two_instances_run_side_by_side_on_different_ports()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var first = await AzuriteRunner.StartAsync(timeout.Token);
        await using var second = await AzuriteRunner.StartAsync(timeout.Token);

        Assert.NotEqual(first.TablePort, second.TablePort);
        Assert.NotEqual(first.ProcessId, second.ProcessId);
    }

    [Fact]
    public void The_executable_is_found_by_walking_up_from_a_nested_directory()
    {
        var found = AzuriteExecutable.Find();
        var nested = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(found)!)!)!, "tests");

        Assert.Equal(found, AzuriteExecutable.Find(nested));
        Assert.EndsWith(AzuriteExecutable.RelativePath, found, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_install_says_to_run_npm_ci()
    {
        var empty = Directory.CreateTempSubdirectory("no-azurite-").FullName;
        try
        {
            var error = Assert.Throws<AzuriteUnavailableException>(() => AzuriteExecutable.Find(empty));
            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
            Assert.Contains(empty, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public async Task A_missing_executable_fails_to_start_with_the_install_hint()
    {
        var error = await Assert.ThrowsAsync<AzuriteUnavailableException>(() =>
            AzuriteRunner.StartAsync("/nonexistent/node_modules/.bin/azurite", TimeSpan.FromSeconds(5)));

        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_executable_that_exits_during_startup_is_reported_with_its_output()
    {
        var directory = Directory.CreateTempSubdirectory("fake-azurite-").FullName;
        string script;
        if (OperatingSystem.IsWindows())
        {
            script = Path.Combine(directory, "azurite.cmd");
            await File.WriteAllTextAsync(script, "@echo cannot bind 1>&2\r\n@exit /b 3\r\n");
        }
        else
        {
            script = Path.Combine(directory, "azurite");
            await File.WriteAllTextAsync(script, "#!/bin/sh\necho 'cannot bind' >&2\nexit 3\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        try
        {
            var error = await Assert.ThrowsAsync<AzuriteUnavailableException>(() => AzuriteRunner.StartAsync(script, TimeSpan.FromSeconds(30)));

            Assert.Contains("exited during startup", error.Message, StringComparison.Ordinal);
            Assert.Contains("cannot bind", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Reusing_starts_one_when_none_listens_on_the_default_port_and_reuses_one_that_does()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var instance = await AzuriteRunner.StartOrReuseAsync(timeout.Token);
        var defaultListening = instance.TablePort == DevelopmentStorage.DefaultTablePort;

        Assert.Equal(!defaultListening, instance.OwnsProcess);
        var table = new TableClient(instance.ConnectionString, "reuse" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync(timeout.Token);
        await table.DeleteAsync(timeout.Token);
    }

    [Fact]
    public async Task A_listening_port_is_detected_and_a_closed_one_is_not()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        Assert.True(await AzuriteRunner.IsListeningAsync(AzuriteRunner.Host, port, TimeSpan.FromSeconds(2)));
        listener.Stop();
        Assert.False(await AzuriteRunner.IsListeningAsync(AzuriteRunner.Host, port, TimeSpan.FromSeconds(2)));
    }
}
