namespace HomeIQ.Influx.Analyzers.Tests.Infrastructure;

/// <summary>Builds test source: the usings every case needs, a class around its members, and the support types it uses.</summary>
internal static class Sources
{
    public const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using HomeIQ.Influx;
        using InfluxDB.Client;
        using InfluxDB.Client.Api.Domain;
        using Microsoft.Extensions.DependencyInjection;
        using V3 = InfluxDB3.Client;
        using WritePrecision = InfluxDB.Client.Api.Domain.WritePrecision;

        """;

    /// <summary>
    /// Types the cases use: a point and a writer derived from the real <c>MeasurementWriter&lt;T&gt;</c> the way generated
    /// writers are, an owner that takes a client, and a stand-in for ASP.NET Core's <c>MapGet</c> (the test compilations do
    /// not reference ASP.NET Core; the rule only cares that a lambda is handed to something that calls it per request).
    /// </summary>
    public const string Support = """

        public readonly record struct Reading(double Value) : ILineProtocolPoint<Reading>
        {
            public static string MeasurementName => "reading";
            public static void WriteLineProtocol(ref LineProtocolWriter writer, in Reading point) { }
        }

        // Shaped like a generated {Type}Writer: derived from MeasurementWriter<T>, the client passed to the base.
        public sealed class ReadingWriter(InfluxClient client, HomeIQ.Influx.WriteOptions? options = null) : MeasurementWriter<Reading>(client, options)
        {
        }

        public sealed class Owner : IDisposable
        {
            public Owner(IDisposable resource) => Resource = resource;
            public IDisposable Resource { get; }
            public void Dispose() => Resource.Dispose();
        }

        public static class WebApp
        {
            public static void MapGet(this object app, string pattern, Delegate handler) { }
            public static void MapPost(this object app, string pattern, Delegate handler) { }
        }

        """;

    /// <summary>A class <c>Handler</c> holding <paramref name="members"/>, with <c>Url</c>, <c>Token</c> and <c>Options</c> constants to build clients from.</summary>
    public static string Class(string members) => Usings + $$"""
        public class Handler
        {
            private const string Url = "http://localhost:8086";
            private const string Token = "token";
            private static readonly InfluxClientOptions Options = new() { Url = new Uri(Url) };
        {{members}}
        }

        """ + Support;

    /// <summary>Top-level statements followed by the support types.</summary>
    public static string Program(string statements) => Usings + statements + "\n" + Support;
}
