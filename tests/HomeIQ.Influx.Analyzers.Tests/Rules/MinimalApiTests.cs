using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>
/// A real ASP.NET Core Minimal API program (WebApplication, MapGet, AddSingleton) compiled against the installed
/// ASP.NET Core shared framework: handlers run per request, startup code and DI factories run once.
/// </summary>
public sealed class MinimalApiTests
{
    private const string Program = """
        using System;
        using HomeIQ.Influx;
        using InfluxDB.Client;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSingleton(sp => new InfluxDBClient("http://localhost:8086", "token"));
        builder.Services.AddSingleton(sp => sp.GetRequiredService<InfluxDBClient>().GetWriteApi());
        using var startupProbe = new InfluxDBClient("http://localhost:8086", "token");
        var app = builder.Build();

        app.MapGet("/version", async () =>
        {
            using var client = {|HIQ002:new InfluxDBClient("http://localhost:8086", "token")|};
            return await client.VersionAsync();
        });
        app.MapPost("/write", (InfluxDBClient client, string line) =>
        {
            using var writeApi = {|HIQ003:client.GetWriteApi()|};
            writeApi.WriteRecord(line, InfluxDB.Client.Api.Domain.WritePrecision.Ns, "bucket", "org");
            return Results.Accepted();
        });
        app.MapGet("/shared", (WriteApi writeApi) => Results.Ok());
        app.Run();
        """;

    [Fact]
    public Task HandlersArePerCallStartupIsNot()
    {
        Assert.False(TestReferences.AspNetCore.IsEmpty, "the ASP.NET Core shared framework is not installed");
        return Task.WhenAll(
            Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Strip(Program, "HIQ003"), OutputKind.ConsoleApplication, TestReferences.AspNetCore),
            Verify.AnalyzerAsync<WriteApiCreatedPerCallAnalyzer>(Strip(Program, "HIQ002"), OutputKind.ConsoleApplication, TestReferences.AspNetCore));
    }

    // Each run checks one analyzer, so the other rule's markup is removed.
    private static string Strip(string source, string id)
    {
        var start = source.IndexOf("{|" + id + ":", StringComparison.Ordinal);
        var end = source.IndexOf("|}", start, StringComparison.Ordinal);
        return source[..start] + source[(start + id.Length + 3)..end] + source[(end + 2)..];
    }
}
