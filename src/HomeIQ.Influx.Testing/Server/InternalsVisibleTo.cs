using System.Runtime.CompilerServices;

// The tests of the server kit itself (e.g. the message when influxd is missing) reach the internal search.
[assembly: InternalsVisibleTo("HomeIQ.Influx.Tests")]
