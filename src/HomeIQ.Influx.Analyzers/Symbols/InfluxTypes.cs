using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Analyzers.Symbols;

/// <summary>
/// The InfluxDB client types one compilation references, looked up by metadata name once per compilation, with the
/// questions the rules ask about them. <see cref="TryCreate"/> returns <see langword="null"/> when the compilation
/// references none of the three clients, so rules register nothing and such a compilation pays only for these lookups.
/// Every question that recognises one of the anchors' classes also recognises its interface (what DI users hold).
/// </summary>
internal sealed class InfluxTypes
{
    // InfluxDB.Client 5.x (InfluxDB 2.x).
    public const string V2ClientName = "InfluxDB.Client.InfluxDBClient";
    public const string V2ClientInterfaceName = "InfluxDB.Client.IInfluxDBClient";
    public const string V2ClientFactoryName = "InfluxDB.Client.InfluxDBClientFactory";
    public const string V2WriteApiName = "InfluxDB.Client.WriteApi";
    public const string V2WriteApiInterfaceName = "InfluxDB.Client.IWriteApi";
    public const string V2WriteApiAsyncName = "InfluxDB.Client.WriteApiAsync";
    public const string V2WriteApiAsyncInterfaceName = "InfluxDB.Client.IWriteApiAsync";
    public const string V2QueryApiName = "InfluxDB.Client.QueryApi";
    public const string V2QueryApiInterfaceName = "InfluxDB.Client.IQueryApi";
    public const string V2QueryApiSyncName = "InfluxDB.Client.QueryApiSync";
    public const string V2QueryApiSyncInterfaceName = "InfluxDB.Client.IQueryApiSync";
    public const string V2QueryName = "InfluxDB.Client.Api.Domain.Query";
    public const string V2PointDataName = "InfluxDB.Client.Writes.PointData";
    public const string V2PointDataBuilderName = "InfluxDB.Client.Writes.PointData+Builder";
    public const string V2ColumnAttributeName = "InfluxDB.Client.Core.Column";
    public const string V2MeasurementAttributeName = "InfluxDB.Client.Core.Measurement";

    // InfluxDB3.Client 1.x (InfluxDB 3.x).
    public const string V3ClientName = "InfluxDB3.Client.InfluxDBClient";
    public const string V3ClientInterfaceName = "InfluxDB3.Client.IInfluxDBClient";
    public const string V3PointDataName = "InfluxDB3.Client.Write.PointData";
    public const string V3PointDataValuesName = "InfluxDB3.Client.Write.PointDataValues";

    // This project's runtime.
    public const string InfluxClientName = "HomeIQ.Influx.InfluxClient";
    public const string MeasurementWriterName = "HomeIQ.Influx.MeasurementWriter`1";
    public const string MeasurementWriterInterfaceName = "HomeIQ.Influx.IMeasurementWriter`1";
    public const string QueryResultReaderName = "HomeIQ.Influx.Querying.QueryResultReader";
    public const string TimestampAttributeName = "HomeIQ.Influx.TimestampAttribute";
    public const string InfluxQLParametersName = "HomeIQ.Influx.Querying.InfluxQLParameters";

    private InfluxTypes(Compilation compilation)
    {
        V2Client = compilation.GetTypeByMetadataName(V2ClientName);
        V2ClientInterface = compilation.GetTypeByMetadataName(V2ClientInterfaceName);
        V2ClientFactory = compilation.GetTypeByMetadataName(V2ClientFactoryName);
        V2WriteApi = compilation.GetTypeByMetadataName(V2WriteApiName);
        V2WriteApiInterface = compilation.GetTypeByMetadataName(V2WriteApiInterfaceName);
        V2WriteApiAsync = compilation.GetTypeByMetadataName(V2WriteApiAsyncName);
        V2WriteApiAsyncInterface = compilation.GetTypeByMetadataName(V2WriteApiAsyncInterfaceName);
        V2QueryApi = compilation.GetTypeByMetadataName(V2QueryApiName);
        V2QueryApiInterface = compilation.GetTypeByMetadataName(V2QueryApiInterfaceName);
        V2QueryApiSync = compilation.GetTypeByMetadataName(V2QueryApiSyncName);
        V2QueryApiSyncInterface = compilation.GetTypeByMetadataName(V2QueryApiSyncInterfaceName);
        V2Query = compilation.GetTypeByMetadataName(V2QueryName);
        V2PointData = compilation.GetTypeByMetadataName(V2PointDataName);
        V2PointDataBuilder = compilation.GetTypeByMetadataName(V2PointDataBuilderName);
        V2ColumnAttribute = compilation.GetTypeByMetadataName(V2ColumnAttributeName);
        V2MeasurementAttribute = compilation.GetTypeByMetadataName(V2MeasurementAttributeName);
        V3Client = compilation.GetTypeByMetadataName(V3ClientName);
        V3ClientInterface = compilation.GetTypeByMetadataName(V3ClientInterfaceName);
        V3PointData = compilation.GetTypeByMetadataName(V3PointDataName);
        V3PointDataValues = compilation.GetTypeByMetadataName(V3PointDataValuesName);
        InfluxClient = compilation.GetTypeByMetadataName(InfluxClientName);
        MeasurementWriter = compilation.GetTypeByMetadataName(MeasurementWriterName);
        MeasurementWriterInterface = compilation.GetTypeByMetadataName(MeasurementWriterInterfaceName);
        QueryResultReader = compilation.GetTypeByMetadataName(QueryResultReaderName);
        TimestampAttribute = compilation.GetTypeByMetadataName(TimestampAttributeName);
        InfluxQLParameters = compilation.GetTypeByMetadataName(InfluxQLParametersName);
        ServiceProvider = compilation.GetTypeByMetadataName("System.IServiceProvider");
        DateTime = compilation.GetSpecialType(SpecialType.System_DateTime);
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");

        var assemblies = ImmutableArray.CreateBuilder<IAssemblySymbol>();
        foreach (var type in new[] { V2Client, V3Client, InfluxClient })
        {
            if (type is not null) assemblies.Add(type.ContainingAssembly);
        }

        ClientAssemblies = assemblies.ToImmutable();
    }

    public INamedTypeSymbol? V2Client { get; }
    public INamedTypeSymbol? V2ClientInterface { get; }
    public INamedTypeSymbol? V2ClientFactory { get; }
    public INamedTypeSymbol? V2WriteApi { get; }
    public INamedTypeSymbol? V2WriteApiInterface { get; }
    public INamedTypeSymbol? V2WriteApiAsync { get; }
    public INamedTypeSymbol? V2WriteApiAsyncInterface { get; }
    public INamedTypeSymbol? V2QueryApi { get; }
    public INamedTypeSymbol? V2QueryApiInterface { get; }
    public INamedTypeSymbol? V2QueryApiSync { get; }
    public INamedTypeSymbol? V2QueryApiSyncInterface { get; }
    public INamedTypeSymbol? V2Query { get; }
    public INamedTypeSymbol? V2PointData { get; }
    public INamedTypeSymbol? V2PointDataBuilder { get; }
    public INamedTypeSymbol? V2ColumnAttribute { get; }
    public INamedTypeSymbol? V2MeasurementAttribute { get; }
    public INamedTypeSymbol? V3Client { get; }
    public INamedTypeSymbol? V3ClientInterface { get; }
    public INamedTypeSymbol? V3PointData { get; }
    public INamedTypeSymbol? V3PointDataValues { get; }
    public INamedTypeSymbol? InfluxClient { get; }
    public INamedTypeSymbol? MeasurementWriter { get; }
    public INamedTypeSymbol? MeasurementWriterInterface { get; }
    public INamedTypeSymbol? QueryResultReader { get; }
    public INamedTypeSymbol? TimestampAttribute { get; }
    public INamedTypeSymbol? InfluxQLParameters { get; }
    public INamedTypeSymbol? ServiceProvider { get; }
    public INamedTypeSymbol DateTime { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }

    /// <summary>The assemblies of the three clients (InfluxDB.Client, InfluxDB3.Client, HomeIQ.Influx) this compilation references.</summary>
    public ImmutableArray<IAssemblySymbol> ClientAssemblies { get; }

    /// <summary>Looks the types up; <see langword="null"/> when the compilation references no InfluxDB client at all.</summary>
    public static InfluxTypes? TryCreate(Compilation compilation)
    {
        var types = new InfluxTypes(compilation);
        return types.ClientAssemblies.IsEmpty ? null : types;
    }

    // ------------------------------------------------------------------ what a type is

    /// <summary>A connection-owning client: InfluxDB.Client's or InfluxDB3.Client's <c>InfluxDBClient</c> (or their interfaces), or <c>InfluxClient</c>.</summary>
    public bool IsClient(ITypeSymbol? type)
        => IsType(type, V2Client) || IsType(type, V2ClientInterface) || IsType(type, V3Client) || IsType(type, V3ClientInterface) || IsType(type, InfluxClient);

    /// <summary>
    /// A batching writer, which holds points until it flushes: InfluxDB.Client's <c>WriteApi</c>/<c>IWriteApi</c>, this
    /// project's <c>MeasurementWriter&lt;T&gt;</c> and the generated writers derived from it, or <c>IMeasurementWriter&lt;T&gt;</c>.
    /// </summary>
    public bool IsBatchingWriter(ITypeSymbol? type)
        => IsType(type, V2WriteApi) || IsType(type, V2WriteApiInterface) || IsMeasurementWriter(type) || IsType(type, MeasurementWriterInterface);

    /// <summary><c>MeasurementWriter&lt;T&gt;</c> or a class derived from it (every generated <c>{Type}Writer</c>).</summary>
    public bool IsMeasurementWriter(ITypeSymbol? type)
    {
        if (MeasurementWriter is null) return false;
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, MeasurementWriter)) return true;
        }

        return false;
    }

    /// <summary>A class whose instances a caller must dispose: a client, a batching writer, or a query result reader.</summary>
    public bool IsOwnedClass(ITypeSymbol? type)
        => type is { TypeKind: TypeKind.Class }
           && (IsType(type, V2Client) || IsType(type, V3Client) || IsType(type, InfluxClient) || IsType(type, V2WriteApi)
               || IsMeasurementWriter(type) || InheritsFrom(type, QueryResultReader));

    /// <summary>True when <paramref name="type"/> is, or implements, <c>IAsyncDisposable</c> (this project's types; never the anchors' clients).</summary>
    public static bool IsAsyncDisposable(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (IsAsyncDisposableInterface(type)) return true;
        foreach (var implemented in type.AllInterfaces)
        {
            if (IsAsyncDisposableInterface(implemented)) return true;
        }

        return false;
    }

    private static bool IsAsyncDisposableInterface(ITypeSymbol type)
        => type is { Name: "IAsyncDisposable", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    // ------------------------------------------------------------------ what a method is

    /// <summary>True for <c>InfluxDBClientFactory.Create*</c>, the factory whose result the caller owns.</summary>
    public bool IsClientFactory(IMethodSymbol method)
        => V2ClientFactory is not null
           && method.Name.StartsWith("Create", System.StringComparison.Ordinal)
           && SymbolEqualityComparer.Default.Equals(method.ContainingType, V2ClientFactory);

    /// <summary>True for InfluxDB.Client's <c>GetWriteApi(...)</c> on the client or <c>IInfluxDBClient</c> (each call starts a new batching pipeline).</summary>
    public bool IsGetWriteApi(IMethodSymbol method)
        => method.Name == "GetWriteApi" && IsV2ClientMember(method);

    /// <summary>True for InfluxDB.Client's <c>GetWriteApiAsync(...)</c> on the client or <c>IInfluxDBClient</c>.</summary>
    public bool IsGetWriteApiAsync(IMethodSymbol method)
        => method.Name == "GetWriteApiAsync" && IsV2ClientMember(method);

    /// <summary>True for <c>InfluxClient.CreateWriter&lt;T&gt;()</c>, whose writer the caller owns.</summary>
    public bool IsCreateWriter(IMethodSymbol method)
        => method.Name == "CreateWriter"
           && (IsType(method.ContainingType, InfluxClient) // an instance method in HomeIQ.Influx 0.1
               || (IsToolkitMember(method) && IsExtensionOf(method, InfluxClient))); // an extension method since the layers (issue 13)

    private static bool IsExtensionOf(IMethodSymbol method, INamedTypeSymbol? type)
    {
        var definition = method.ReducedFrom ?? method;
        return definition.IsExtensionMethod && definition.Parameters.Length > 0 && IsType(definition.Parameters[0].Type, type);
    }

    /// <summary>True for <c>InfluxClient.QueryInfluxQLAsync</c>/<c>QueryFluxAsync</c> that return a reader the caller must dispose.</summary>
    public bool IsReaderQuery(IMethodSymbol method)
        => method.Name is "QueryInfluxQLAsync" or "QueryFluxAsync"
           && IsType(method.ContainingType, InfluxClient)
           && method.ReturnType is INamedTypeSymbol { TypeArguments.Length: 1 } task
           && InheritsFrom(task.TypeArguments[0], QueryResultReader);

    /// <summary>True for a member of InfluxDB.Client's <c>QueryApiSync</c>/<c>IQueryApiSync</c> (blocking queries).</summary>
    public bool IsQueryApiSyncMember(IMethodSymbol method)
        => IsType(method.ContainingType, V2QueryApiSync) || IsType(method.ContainingType, V2QueryApiSyncInterface);

    /// <summary>True when the method is declared in one of the clients' assemblies (its tasks are the clients' tasks).</summary>
    public bool IsClientLibraryMember(ISymbol symbol)
    {
        var assembly = symbol.ContainingAssembly;
        if (assembly is null) return false;
        foreach (var client in ClientAssemblies)
        {
            if (SymbolEqualityComparer.Default.Equals(assembly, client)) return true;
        }

        return false;
    }

    /// <summary>True for a member declared in HomeIQ.Influx or one of its companion assemblies (HomeIQ.Influx.Hosting...).</summary>
    // The toolkit's own packages by assembly name. Not a prefix: a user's assembly may be named HomeIQ.Influx.Something
    // too (this repository's tests are), and its helpers are user code whose ownership the rules must follow.
    private static readonly ImmutableHashSet<string> s_toolkitAssemblies = ImmutableHashSet.Create(
        System.StringComparer.Ordinal,
        "HomeIQ.Influx", "HomeIQ.Influx.Hosting", "HomeIQ.Influx.Testing", "HomeIQ.Influx.Testing.Xunit", "HomeIQ.Influx.OpenTelemetry");

    public static bool IsToolkitMember(ISymbol symbol)
        => symbol.ContainingAssembly?.Name is { } name && s_toolkitAssemblies.Contains(name);

    private bool IsV2ClientMember(IMethodSymbol method)
        => IsType(method.ContainingType, V2Client) || IsType(method.ContainingType, V2ClientInterface);

    public static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected)
        => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);

    public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (expected is null) return false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected)) return true;
        }

        return false;
    }
}
