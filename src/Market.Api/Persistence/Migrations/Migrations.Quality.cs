using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Market.Api.Persistence.Migrations;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000011_Quality")]
public sealed class Quality : SqlScriptMigration;

[DbContext(typeof(MarketDbContext))]
[Migration("20261121000010_DoubleKeying")]
public sealed class DoubleKeying : SqlScriptMigration;
