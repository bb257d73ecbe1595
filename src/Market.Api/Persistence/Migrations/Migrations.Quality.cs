using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000011_Quality")]
public sealed class Quality : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000010_DoubleKeying")]
public sealed class DoubleKeying : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000012_GoldAndQualitySettings")]
public sealed class GoldAndQualitySettings : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000013_JobRevisionRequests")]
public sealed class JobRevisionRequests : SqlScriptMigration;
