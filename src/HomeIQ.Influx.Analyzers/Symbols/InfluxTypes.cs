using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Analyzers.Symbols
{
    /// <summary>
    /// The InfluxDB client types one compilation references, looked up by metadata name once per compilation.
    /// <see cref="TryCreate"/> returns <see langword="null"/> when the compilation references none of them, so rules
    /// register nothing and such a compilation pays only for these few lookups.
    /// </summary>
    internal sealed class InfluxTypes
    {
        // InfluxDB.Client 5.x (InfluxDB 2.x).
        public const string V2ClientName = "InfluxDB.Client.InfluxDBClient";
        public const string V2ClientInterfaceName = "InfluxDB.Client.IInfluxDBClient";
        public const string V2ClientFactoryName = "InfluxDB.Client.InfluxDBClientFactory";
        public const string V2WriteApiName = "InfluxDB.Client.WriteApi";
        public const string V2WriteApiInterfaceName = "InfluxDB.Client.IWriteApi";
        public const string V2QueryApiName = "InfluxDB.Client.QueryApi";
        public const string V2QueryApiSyncName = "InfluxDB.Client.QueryApiSync";

        // InfluxDB3.Client 1.x (InfluxDB 3.x).
        public const string V3ClientName = "InfluxDB3.Client.InfluxDBClient";
        public const string V3ClientInterfaceName = "InfluxDB3.Client.IInfluxDBClient";

        // This project's runtime.
        public const string InfluxClientName = "HomeIQ.Influx.InfluxClient";
        public const string MeasurementWriterName = "HomeIQ.Influx.IMeasurementWriter`1";

        private InfluxTypes(Compilation compilation)
        {
            V2Client = compilation.GetTypeByMetadataName(V2ClientName);
            V2ClientInterface = compilation.GetTypeByMetadataName(V2ClientInterfaceName);
            V2ClientFactory = compilation.GetTypeByMetadataName(V2ClientFactoryName);
            V2WriteApi = compilation.GetTypeByMetadataName(V2WriteApiName);
            V2WriteApiInterface = compilation.GetTypeByMetadataName(V2WriteApiInterfaceName);
            V2QueryApi = compilation.GetTypeByMetadataName(V2QueryApiName);
            V2QueryApiSync = compilation.GetTypeByMetadataName(V2QueryApiSyncName);
            V3Client = compilation.GetTypeByMetadataName(V3ClientName);
            V3ClientInterface = compilation.GetTypeByMetadataName(V3ClientInterfaceName);
            InfluxClient = compilation.GetTypeByMetadataName(InfluxClientName);
            MeasurementWriter = compilation.GetTypeByMetadataName(MeasurementWriterName);
            ServiceProvider = compilation.GetTypeByMetadataName("System.IServiceProvider");

            var builder = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var type in new[] { V2Client, V2WriteApi, V3Client, InfluxClient })
            {
                if (type is not null) builder.Add(type);
            }

            ClientTypes = builder.ToImmutable();
        }

        public INamedTypeSymbol? V2Client { get; }
        public INamedTypeSymbol? V2ClientInterface { get; }
        public INamedTypeSymbol? V2ClientFactory { get; }
        public INamedTypeSymbol? V2WriteApi { get; }
        public INamedTypeSymbol? V2WriteApiInterface { get; }
        public INamedTypeSymbol? V2QueryApi { get; }
        public INamedTypeSymbol? V2QueryApiSync { get; }
        public INamedTypeSymbol? V3Client { get; }
        public INamedTypeSymbol? V3ClientInterface { get; }
        public INamedTypeSymbol? InfluxClient { get; }
        public INamedTypeSymbol? MeasurementWriter { get; }
        public INamedTypeSymbol? ServiceProvider { get; }

        /// <summary>The concrete client types (generated writers are recognised through <see cref="MeasurementWriter"/>).</summary>
        public ImmutableArray<INamedTypeSymbol> ClientTypes { get; }

        /// <summary>Looks the types up; <see langword="null"/> when the compilation references no InfluxDB client at all.</summary>
        public static InfluxTypes? TryCreate(Compilation compilation)
        {
            var types = new InfluxTypes(compilation);
            return types.ClientTypes.IsEmpty && types.MeasurementWriter is null && types.V2QueryApi is null && types.V3ClientInterface is null
                ? null
                : types;
        }

        /// <summary>True for a recognised client type, or a class that implements <c>IMeasurementWriter&lt;T&gt;</c> (generated writers do).</summary>
        public bool IsClientType(ITypeSymbol? type)
        {
            if (type is null || type.TypeKind == TypeKind.Interface) return false;
            foreach (var client in ClientTypes)
            {
                if (SymbolEqualityComparer.Default.Equals(type, client)) return true;
            }

            if (MeasurementWriter is not null)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, MeasurementWriter)) return true;
                }
            }

            return false;
        }

        /// <summary>True for <c>InfluxDBClientFactory.Create*</c>, the factory whose result the caller owns.</summary>
        public bool IsClientFactory(IMethodSymbol method)
            => V2ClientFactory is not null
               && method.Name.StartsWith("Create", System.StringComparison.Ordinal)
               && SymbolEqualityComparer.Default.Equals(method.ContainingType, V2ClientFactory);

        /// <summary>True for InfluxDB.Client's <c>GetWriteApi(...)</c> on the client or <c>IInfluxDBClient</c> (each call starts a new batching pipeline).</summary>
        public bool IsGetWriteApi(IMethodSymbol method)
            => method.Name == "GetWriteApi"
               && (IsType(method.ReturnType, V2WriteApi) || IsType(method.ReturnType, V2WriteApiInterface))
               && (IsType(method.ContainingType, V2Client) || IsType(method.ContainingType, V2ClientInterface));

        public static bool IsType(ITypeSymbol? type, INamedTypeSymbol? expected)
            => expected is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, expected);
    }
}
