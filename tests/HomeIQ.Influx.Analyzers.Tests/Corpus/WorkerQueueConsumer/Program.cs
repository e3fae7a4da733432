using QueueConsumer;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton<IMessageQueue, FileQueue>();
builder.Services.AddSingleton<IMessageHandler<DoorOpened>, DoorOpenedHandler>();
builder.Services.AddSingleton<IMessageHandler<BatteryLow>, BatteryLowHandler>();
builder.Services.AddHostedService<Dispatcher>();
builder.Build().Run();
