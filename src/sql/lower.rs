//! pg_query statement trees to typed [`Change`]s.

use pg_query::protobuf::{self as pb, node::Node as N, ObjectType as OT};

use super::change::*;
use super::expr::Expr;
use super::lower_expr::{expr, opt_expr, string_of, type_of};
use super::lower_query::query;
use super::names::{ObjName, TypeName};

/// Lowers one parsed statement. Never fails: what is not understood becomes
/// [`Change::Unmodeled`].
pub fn statement(node: &pb::Node) -> Vec<Change> {
    let Some(n) = node.node.as_ref() else { return Vec::new() };
    match n {
        N::CreateSchemaStmt(s) => create_schema(s),
        N::CreateStmt(s) => vec![Change::CreateTable(Box::new(create_table(s)))],
        N::AlterTableStmt(s) => vec![alter_table(s)],
        N::IndexStmt(s) => vec![Change::CreateIndex(Box::new(index(s)))],
        N::CreateSeqStmt(s) => vec![create_sequence(s)],
        N::AlterSeqStmt(s) => vec![alter_sequence(s)],
        N::ViewStmt(s) => vec![create_view(s)],
        N::CreateTableAsStmt(s) => vec![create_table_as(s)],
        N::RefreshMatViewStmt(s) => vec![Change::RefreshMaterializedView { name: range_var(s.relation.as_ref()) }],
        N::CreateEnumStmt(s) => vec![Change::CreateEnum {
            name: name_list(&s.type_name),
            values: s.vals.iter().filter_map(string_of).collect(),
        }],
        N::AlterEnumStmt(s) => vec![alter_enum(s)],
        N::CreateDomainStmt(s) => vec![create_domain(s)],
        N::AlterDomainStmt(s) => alter_domain(s),
        N::CompositeTypeStmt(s) => vec![Change::CreateCompositeType {
            name: range_var(s.typevar.as_ref()),
            attributes: s
                .coldeflist
                .iter()
                .filter_map(|c| match c.node.as_ref() {
                    Some(N::ColumnDef(c)) => Some((c.colname.clone(), c.type_name.as_ref().map(type_of)?)),
                    _ => None,
                })
                .collect(),
        }],
        N::CreateFunctionStmt(s) => vec![create_function(s)],
        N::CreateTrigStmt(s) => vec![create_trigger(s)],
        N::CreatePolicyStmt(s) => vec![create_policy(s)],
        N::AlterPolicyStmt(s) => vec![Change::AlterPolicy {
            table: range_var(s.table.as_ref()),
            name: s.policy_name.clone(),
            roles: if s.roles.is_empty() { None } else { Some(roles(&s.roles)) },
            using: opt_expr(&s.qual),
            check: opt_expr(&s.with_check),
        }],
        N::CreateExtensionStmt(s) => vec![Change::CreateExtension {
            name: s.extname.clone(),
            schema: s.options.iter().find_map(|o| match o.node.as_ref() {
                Some(N::DefElem(d)) if d.defname == "schema" => d.arg.as_deref().and_then(string_of),
                _ => None,
            }),
            if_not_exists: s.if_not_exists,
        }],
        N::CommentStmt(s) => match object_ref(s.objtype(), s.object.as_deref()) {
            Some(target) => {
                vec![Change::Comment {
                    target,
                    text: if s.comment.is_empty() { None } else { Some(s.comment.clone()) },
                }]
            }
            None => unmodeled("COMMENT", true),
        },
        N::DropStmt(s) => drop(s),
        N::RenameStmt(s) => rename(s),
        N::AlterObjectSchemaStmt(s) => set_schema(s),
        N::VariableSetStmt(s) => variable_set(s),
        N::TransactionStmt(s) => transaction(s),
        N::SelectStmt(s) => select(s),
        N::AlterFunctionStmt(s) => alter_function(s),
        N::AlterOwnerStmt(_) => unmodeled("ALTER ... OWNER TO", false),
        N::GrantStmt(_) => unmodeled("GRANT/REVOKE", false),
        N::GrantRoleStmt(_) => unmodeled("GRANT/REVOKE role", false),
        N::AlterDefaultPrivilegesStmt(_) => unmodeled("ALTER DEFAULT PRIVILEGES", false),
        N::CreateRoleStmt(_) | N::AlterRoleStmt(_) | N::DropRoleStmt(_) => unmodeled("role", false),
        N::InsertStmt(_) => unmodeled("INSERT", false),
        N::UpdateStmt(s) => vec![Change::Data(DataChange::Update {
            table: range_var(s.relation.as_ref()),
            columns: s
                .target_list
                .iter()
                .filter_map(|t| match t.node.as_ref() {
                    Some(N::ResTarget(r)) => Some(r.name.clone()),
                    _ => None,
                })
                .collect(),
            filter: opt_expr(&s.where_clause),
        })],
        N::DeleteStmt(s) => vec![Change::Data(DataChange::Delete {
            table: range_var(s.relation.as_ref()),
            filtered: s.where_clause.is_some(),
        })],
        N::MergeStmt(_) => unmodeled("MERGE", false),
        N::TruncateStmt(s) => vec![Change::Data(DataChange::Truncate {
            tables: s
                .relations
                .iter()
                .filter_map(|r| match r.node.as_ref() {
                    Some(N::RangeVar(rv)) => Some(range_var(Some(rv))),
                    _ => None,
                })
                .collect(),
            cascade: s.behavior() == pb::DropBehavior::DropCascade,
        })],
        N::CopyStmt(_) => unmodeled("COPY", false),
        N::VacuumStmt(_) => unmodeled("VACUUM/ANALYZE", false),
        N::ClusterStmt(_) => unmodeled("CLUSTER", false),
        N::ReindexStmt(_) => unmodeled("REINDEX", false),
        N::LockStmt(_) => unmodeled("LOCK", false),
        N::NotifyStmt(_) | N::ListenStmt(_) | N::UnlistenStmt(_) => unmodeled("NOTIFY/LISTEN", false),
        N::CheckPointStmt(_) => unmodeled("CHECKPOINT", false),
        N::DoStmt(_) => unmodeled("DO", true),
        N::CallStmt(_) => unmodeled("CALL", true),
        N::AlterExtensionStmt(_) => unmodeled("ALTER EXTENSION", true),
        other => unmodeled(&statement_kind(other), true),
    }
}

fn alter_function(s: &pb::AlterFunctionStmt) -> Vec<Change> {
    let Some(ObjectRef::Function { name, args, procedure }) = object_ref(
        s.objtype(),
        s.func.as_ref().map(|f| pb::Node { node: Some(N::ObjectWithArgs(f.clone())) }).as_ref(),
    ) else {
        return unmodeled("ALTER FUNCTION", true);
    };
    let mut volatility = None;
    let mut strict = None;
    let mut security_definer = None;
    for a in &s.actions {
        let Some(N::DefElem(d)) = a.node.as_ref() else { continue };
        match (d.defname.as_str(), d.arg.as_deref().and_then(|x| x.node.as_ref())) {
            ("volatility", Some(N::String(v))) => volatility = Some(v.sval.to_uppercase()),
            ("strict", Some(N::Boolean(b))) => strict = Some(b.boolval),
            ("security", Some(N::Boolean(b))) => security_definer = Some(b.boolval),
            _ => {}
        }
    }
    vec![Change::AlterFunction {
        target: ObjectRef::Function { name, args, procedure },
        volatility,
        strict,
        security_definer,
    }]
}

fn unmodeled(what: &str, schema_relevant: bool) -> Vec<Change> {
    vec![Change::Unmodeled { what: what.to_owned(), schema_relevant }]
}

/// A readable statement kind from the node's type name (`CreateCastStmt` → `CREATE CAST`).
fn statement_kind(n: &N) -> String {
    let debug = format!("{n:?}");
    let name = debug.split('(').next().unwrap_or("statement").trim_end_matches("Stmt");
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_uppercase());
    }
    out
}

pub(crate) fn range_var(rv: Option<&pb::RangeVar>) -> ObjName {
    match rv {
        Some(rv) => {
            ObjName::new(if rv.schemaname.is_empty() { None } else { Some(rv.schemaname.clone()) }, &rv.relname)
        }
        None => ObjName::new(None, ""),
    }
}

fn name_list(nodes: &[pb::Node]) -> ObjName {
    let parts: Vec<String> = nodes.iter().filter_map(string_of).collect();
    match parts.as_slice() {
        [name] => ObjName::new(None, name.clone()),
        [.., schema, name] => ObjName::new(Some(schema.clone()), name.clone()),
        [] => ObjName::new(None, ""),
    }
}

fn strings(nodes: &[pb::Node]) -> Vec<String> {
    nodes.iter().filter_map(string_of).collect()
}

fn roles(nodes: &[pb::Node]) -> Vec<String> {
    nodes
        .iter()
        .filter_map(|r| match r.node.as_ref() {
            Some(N::RoleSpec(r)) => Some(match r.roletype {
                2 => "CURRENT_ROLE".to_owned(),
                3 => "CURRENT_USER".to_owned(),
                4 => "SESSION_USER".to_owned(),
                5 => "PUBLIC".to_owned(),
                _ => r.rolename.clone(),
            }),
            _ => None,
        })
        .collect()
}

fn create_schema(s: &pb::CreateSchemaStmt) -> Vec<Change> {
    let mut out = vec![Change::CreateSchema { name: s.schemaname.clone(), if_not_exists: s.if_not_exists }];
    // Elements of CREATE SCHEMA ... CREATE TABLE ... are created in that schema.
    if !s.schema_elts.is_empty() {
        let changes = s.schema_elts.iter().flat_map(statement).collect();
        out.push(Change::InSchema { schema: s.schemaname.clone(), changes });
    }
    out
}

fn create_table(s: &pb::CreateStmt) -> CreateTable {
    let rv = s.relation.as_ref();
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    let mut likes = Vec::new();
    for elt in &s.table_elts {
        match elt.node.as_ref() {
            Some(N::ColumnDef(c)) => columns.push(column_def(c)),
            Some(N::Constraint(c)) => constraints.push(constraint(c, None)),
            Some(N::TableLikeClause(like)) => likes.push((range_var(like.relation.as_ref()), like.options)),
            _ => {}
        }
    }
    constraints.extend(s.constraints.iter().filter_map(|c| match c.node.as_ref() {
        Some(N::Constraint(c)) => Some(constraint(c, None)),
        _ => None,
    }));
    let partition_by = s.partspec.as_ref().map(|p| PartitionKey {
        strategy: match p.strategy {
            1 => "LIST",
            2 => "RANGE",
            _ => "HASH",
        }
        .to_owned(),
        elements: p
            .part_params
            .iter()
            .filter_map(|e| match e.node.as_ref() {
                Some(N::PartitionElem(pe)) => Some(if pe.name.is_empty() {
                    format!("({})", opt_expr(&pe.expr).unwrap_or(Expr::Null))
                } else {
                    pe.name.clone()
                }),
                _ => None,
            })
            .collect(),
    });
    let inherits: Vec<ObjName> = s
        .inh_relations
        .iter()
        .filter_map(|r| match r.node.as_ref() {
            Some(N::RangeVar(rv)) => Some(range_var(Some(rv))),
            _ => None,
        })
        .collect();
    let partition_of =
        s.partbound.as_ref().map(|b| (inherits.first().cloned().unwrap_or(ObjName::new(None, "")), bound(b)));
    CreateTable {
        name: range_var(rv),
        if_not_exists: s.if_not_exists,
        unlogged: rv.is_some_and(|r| r.relpersistence == "u"),
        columns,
        constraints,
        inherits: if partition_of.is_some() { Vec::new() } else { inherits },
        partition_by,
        partition_of,
        of_type: s.of_typename.as_ref().map(type_of),
        as_query: None,
        likes,
    }
}

/// A partition bound in pg_dump's spelling (`FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`).
fn bound(b: &pb::PartitionBoundSpec) -> String {
    if b.is_default {
        return "DEFAULT".into();
    }
    let list = |items: &[pb::Node]| items.iter().map(bound_datum).collect::<Vec<_>>().join(", ");
    match b.strategy.as_str() {
        "l" => format!("FOR VALUES IN ({})", list(&b.listdatums)),
        "r" => format!("FOR VALUES FROM ({}) TO ({})", list(&b.lowerdatums), list(&b.upperdatums)),
        _ => format!("FOR VALUES WITH (modulus {}, remainder {})", b.modulus, b.remainder),
    }
}

fn bound_datum(node: &pb::Node) -> String {
    match expr(node) {
        Expr::Column(parts) => parts.join(".").to_uppercase(), // MINVALUE / MAXVALUE
        // pg_dump quotes every bound value; numbers and strings compare equal this way.
        Expr::Number(n) => format!("'{n}'"),
        other => other.to_string(),
    }
}

fn column_def(c: &pb::ColumnDef) -> ColumnDef {
    let mut col = ColumnDef {
        name: c.colname.clone(),
        ty: c.type_name.as_ref().map(type_of),
        not_null: c.is_not_null,
        default: opt_expr(&c.raw_default),
        identity: None,
        generated: None,
        collation: c
            .coll_clause
            .as_ref()
            .and_then(|cc| cc.collname.iter().filter_map(string_of).next_back())
            .filter(|c| c != "default"),
        constraints: Vec::new(),
    };
    for cn in &c.constraints {
        let Some(N::Constraint(cn)) = cn.node.as_ref() else { continue };
        match cn.contype() {
            pb::ConstrType::ConstrNotnull => col.not_null = true,
            pb::ConstrType::ConstrNull => col.not_null = false,
            pb::ConstrType::ConstrDefault => col.default = opt_expr(&cn.raw_expr),
            pb::ConstrType::ConstrIdentity => {
                col.identity =
                    Some(IdentityDef { always: cn.generated_when == "a", options: sequence_options(&cn.options) })
            }
            pb::ConstrType::ConstrGenerated => col.generated = opt_expr(&cn.raw_expr),
            pb::ConstrType::ConstrAttrDeferrable => set_last(&mut col.constraints, |d| d.deferrable = true),
            pb::ConstrType::ConstrAttrNotDeferrable => set_last(&mut col.constraints, |d| d.deferrable = false),
            pb::ConstrType::ConstrAttrDeferred => set_last(&mut col.constraints, |d| d.initially_deferred = true),
            pb::ConstrType::ConstrAttrImmediate => set_last(&mut col.constraints, |d| d.initially_deferred = false),
            _ => col.constraints.push(constraint(cn, Some(&c.colname))),
        }
    }
    col
}

fn set_last(list: &mut [ConstraintDef], f: impl FnOnce(&mut ConstraintDef)) {
    if let Some(last) = list.last_mut() {
        f(last);
    }
}

/// A table or column constraint; `column` is set for column constraints, whose
/// key lists are implicit.
fn constraint(c: &pb::Constraint, column: Option<&str>) -> ConstraintDef {
    let own = |keys: &[pb::Node]| {
        let listed = strings(keys);
        if listed.is_empty() {
            column.map(|c| vec![c.to_owned()]).unwrap_or_default()
        } else {
            listed
        }
    };
    let using_index = if c.indexname.is_empty() { None } else { Some(c.indexname.clone()) };
    let kind = match c.contype() {
        pb::ConstrType::ConstrPrimary => {
            ConstraintKind::PrimaryKey { columns: own(&c.keys), include: strings(&c.including), using_index }
        }
        pb::ConstrType::ConstrUnique => ConstraintKind::Unique {
            columns: own(&c.keys),
            include: strings(&c.including),
            nulls_not_distinct: c.nulls_not_distinct,
            using_index,
        },
        pb::ConstrType::ConstrCheck => ConstraintKind::Check { expr: opt_expr(&c.raw_expr).unwrap_or(Expr::Null) },
        pb::ConstrType::ConstrForeign => ConstraintKind::ForeignKey(ForeignKeyDef {
            columns: own(&c.fk_attrs),
            ref_table: range_var(c.pktable.as_ref()),
            ref_columns: strings(&c.pk_attrs),
            on_delete: FkAction::from_code(&c.fk_del_action),
            on_update: FkAction::from_code(&c.fk_upd_action),
            match_full: c.fk_matchtype == "f",
        }),
        pb::ConstrType::ConstrExclusion => ConstraintKind::Exclude {
            method: if c.access_method.is_empty() { "gist".into() } else { c.access_method.clone() },
            elements: c
                .exclusions
                .iter()
                .filter_map(|e| match e.node.as_ref() {
                    Some(N::List(pair)) if pair.items.len() == 2 => {
                        let key = match pair.items[0].node.as_ref() {
                            Some(N::IndexElem(ie)) => index_key(ie),
                            _ => return None,
                        };
                        let op = match pair.items[1].node.as_ref() {
                            Some(N::List(ops)) => strings(&ops.items).join("."),
                            _ => String::new(),
                        };
                        Some((key, op))
                    }
                    _ => None,
                })
                .collect(),
            predicate: opt_expr(&c.where_clause),
        },
        _ => ConstraintKind::NotNull,
    };
    ConstraintDef {
        name: if c.conname.is_empty() { None } else { Some(c.conname.clone()) },
        kind,
        deferrable: c.deferrable,
        initially_deferred: c.initdeferred,
        not_valid: c.skip_validation,
        no_inherit: c.is_no_inherit,
    }
}

fn index_key(ie: &pb::IndexElem) -> IndexKey {
    let key = if !ie.name.is_empty() {
        KeyExpr::Column(ie.name.clone())
    } else {
        match opt_expr(&ie.expr) {
            Some(Expr::Column(parts)) if parts.len() == 1 => KeyExpr::Column(parts[0].clone()),
            Some(e) => KeyExpr::Expression(e),
            None => KeyExpr::Column(String::new()),
        }
    };
    let opclass = strings(&ie.opclass);
    IndexKey {
        key,
        collation: ie.collation.iter().filter_map(string_of).next_back(),
        opclass: opclass.last().cloned(),
        descending: ie.ordering == 3,
        nulls_first: match ie.nulls_ordering {
            2 => Some(true),
            3 => Some(false),
            _ => None,
        },
    }
}

fn index(s: &pb::IndexStmt) -> IndexDef {
    IndexDef {
        name: if s.idxname.is_empty() { None } else { Some(s.idxname.clone()) },
        table: range_var(s.relation.as_ref()),
        unique: s.unique,
        method: if s.access_method.is_empty() { "btree".into() } else { s.access_method.clone() },
        keys: s
            .index_params
            .iter()
            .filter_map(|p| match p.node.as_ref() {
                Some(N::IndexElem(ie)) => Some(index_key(ie)),
                _ => None,
            })
            .collect(),
        include: s
            .index_including_params
            .iter()
            .filter_map(|p| match p.node.as_ref() {
                Some(N::IndexElem(ie)) => Some(ie.name.clone()),
                _ => None,
            })
            .collect(),
        predicate: opt_expr(&s.where_clause),
        nulls_not_distinct: s.nulls_not_distinct,
        concurrently: s.concurrent,
        if_not_exists: s.if_not_exists,
        only: s.relation.as_ref().is_some_and(|r| !r.inh),
    }
}

fn def_int(d: &pb::DefElem) -> Option<i64> {
    match d.arg.as_deref().and_then(|a| a.node.as_ref()) {
        Some(N::Integer(i)) => Some(i.ival as i64),
        Some(N::Float(f)) => f.fval.parse().ok(),
        _ => None,
    }
}

fn sequence_options(options: &[pb::Node]) -> SequenceOptions {
    let mut o = SequenceOptions::default();
    for opt in options {
        let Some(N::DefElem(d)) = opt.node.as_ref() else { continue };
        match d.defname.as_str() {
            "as" => {
                if let Some(N::TypeName(t)) = d.arg.as_deref().and_then(|a| a.node.as_ref()) {
                    o.data_type = Some(type_of(t));
                }
            }
            "start" => o.start = def_int(d),
            "increment" => o.increment = def_int(d),
            "minvalue" => o.min_value = Some(def_int(d)),
            "maxvalue" => o.max_value = Some(def_int(d)),
            "cache" => o.cache = def_int(d),
            "cycle" => {
                o.cycle = Some(match d.arg.as_deref().and_then(|a| a.node.as_ref()) {
                    Some(N::Boolean(b)) => b.boolval,
                    Some(N::Integer(i)) => i.ival != 0,
                    _ => true,
                })
            }
            "restart" => o.restart = Some(def_int(d)),
            "sequence_name" => {
                if let Some(N::List(l)) = d.arg.as_deref().and_then(|a| a.node.as_ref()) {
                    o.sequence_name = Some(name_list(&l.items));
                }
            }
            _ => {}
        }
    }
    o
}

fn owned_by(options: &[pb::Node]) -> Option<OwnedBy> {
    options.iter().find_map(|opt| match opt.node.as_ref() {
        Some(N::DefElem(d)) if d.defname == "owned_by" => {
            let parts = match d.arg.as_deref().and_then(|a| a.node.as_ref()) {
                Some(N::List(l)) => strings(&l.items),
                _ => Vec::new(),
            };
            Some(match parts.as_slice() {
                [none] if none == "none" => OwnedBy::None,
                [table, column] => OwnedBy::Column { table: ObjName::new(None, table.clone()), column: column.clone() },
                [.., schema, table, column] => {
                    OwnedBy::Column { table: ObjName::new(Some(schema.clone()), table.clone()), column: column.clone() }
                }
                _ => OwnedBy::None,
            })
        }
        _ => None,
    })
}

fn create_sequence(s: &pb::CreateSeqStmt) -> Change {
    Change::CreateSequence {
        def: SequenceDef {
            name: range_var(s.sequence.as_ref()),
            options: sequence_options(&s.options),
            owned_by: owned_by(&s.options),
            unlogged: s.sequence.as_ref().is_some_and(|r| r.relpersistence == "u"),
        },
        if_not_exists: s.if_not_exists,
    }
}

fn alter_sequence(s: &pb::AlterSeqStmt) -> Change {
    Change::AlterSequence {
        name: range_var(s.sequence.as_ref()),
        if_exists: s.missing_ok,
        options: sequence_options(&s.options),
        owned_by: owned_by(&s.options),
    }
}

fn create_view(s: &pb::ViewStmt) -> Change {
    Change::CreateView(Box::new(ViewDef {
        name: range_var(s.view.as_ref()),
        materialized: false,
        replace: s.replace,
        if_not_exists: false,
        column_names: strings(&s.aliases),
        query: s.query.as_deref().map(query).unwrap_or_default(),
        check_option: match s.with_check_option {
            2 => Some("LOCAL".into()),
            3 => Some("CASCADED".into()),
            _ => None,
        },
    }))
}

fn create_table_as(s: &pb::CreateTableAsStmt) -> Change {
    let into = s.into.as_deref();
    let name = range_var(into.and_then(|i| i.rel.as_ref()));
    let column_names = into.map(|i| strings(&i.col_names)).unwrap_or_default();
    let q = s.query.as_deref().map(query).unwrap_or_default();
    if s.objtype() == OT::ObjectMatview {
        Change::CreateView(Box::new(ViewDef {
            name,
            materialized: true,
            replace: false,
            if_not_exists: s.if_not_exists,
            column_names,
            query: q,
            check_option: None,
        }))
    } else {
        Change::CreateTable(Box::new(CreateTable {
            name,
            if_not_exists: s.if_not_exists,
            unlogged: into.and_then(|i| i.rel.as_ref()).is_some_and(|r| r.relpersistence == "u"),
            columns: column_names
                .into_iter()
                .map(|n| ColumnDef {
                    name: n,
                    ty: None,
                    not_null: false,
                    default: None,
                    identity: None,
                    generated: None,
                    collation: None,
                    constraints: Vec::new(),
                })
                .collect(),
            constraints: Vec::new(),
            inherits: Vec::new(),
            partition_by: None,
            partition_of: None,
            of_type: None,
            as_query: Some(q),
            likes: Vec::new(),
        }))
    }
}

fn alter_enum(s: &pb::AlterEnumStmt) -> Change {
    let name = name_list(&s.type_name);
    if !s.old_val.is_empty() {
        Change::RenameEnumValue { name, from: s.old_val.clone(), to: s.new_val.clone() }
    } else {
        Change::AddEnumValue {
            name,
            value: s.new_val.clone(),
            position: if s.new_val_neighbor.is_empty() {
                None
            } else {
                Some((s.new_val_is_after, s.new_val_neighbor.clone()))
            },
            if_not_exists: s.skip_if_new_val_exists,
        }
    }
}

fn create_domain(s: &pb::CreateDomainStmt) -> Change {
    let mut def = DomainDef {
        name: name_list(&s.domainname),
        base: s.type_name.as_ref().map(type_of).unwrap_or_else(|| TypeName::builtin("text")),
        not_null: false,
        default: None,
        collation: s.coll_clause.as_ref().and_then(|cc| cc.collname.iter().filter_map(string_of).next_back()),
        checks: Vec::new(),
    };
    for c in &s.constraints {
        let Some(N::Constraint(c)) = c.node.as_ref() else { continue };
        match c.contype() {
            pb::ConstrType::ConstrNotnull => def.not_null = true,
            pb::ConstrType::ConstrNull => def.not_null = false,
            pb::ConstrType::ConstrDefault => def.default = opt_expr(&c.raw_expr),
            pb::ConstrType::ConstrCheck => def.checks.push((
                if c.conname.is_empty() { None } else { Some(c.conname.clone()) },
                opt_expr(&c.raw_expr).unwrap_or(Expr::Null),
            )),
            _ => {}
        }
    }
    Change::CreateDomain(Box::new(def))
}

fn alter_domain(s: &pb::AlterDomainStmt) -> Vec<Change> {
    let name = name_list(&s.type_name);
    let action = match s.subtype.as_str() {
        "T" => DomainAction::SetDefault(opt_expr(&s.def)),
        "N" => DomainAction::SetNotNull(false),
        "O" => DomainAction::SetNotNull(true),
        "C" => match s.def.as_deref().and_then(|d| d.node.as_ref()) {
            Some(N::Constraint(c)) if c.contype() == pb::ConstrType::ConstrCheck => DomainAction::AddCheck {
                name: if c.conname.is_empty() { None } else { Some(c.conname.clone()) },
                expr: opt_expr(&c.raw_expr).unwrap_or(Expr::Null),
                not_valid: c.skip_validation,
            },
            Some(N::Constraint(c)) if c.contype() == pb::ConstrType::ConstrNotnull => DomainAction::SetNotNull(true),
            _ => return unmodeled("ALTER DOMAIN", true),
        },
        "X" => DomainAction::DropConstraint { name: s.name.clone(), if_exists: s.missing_ok },
        "V" => DomainAction::ValidateConstraint { name: s.name.clone() },
        _ => return unmodeled("ALTER DOMAIN", true),
    };
    vec![Change::AlterDomain { name, action }]
}

fn create_function(s: &pb::CreateFunctionStmt) -> Change {
    let mut def = FunctionDef {
        name: name_list(&s.funcname),
        procedure: s.is_procedure,
        replace: s.replace,
        params: Vec::new(),
        returns: s.return_type.as_ref().map(type_of),
        returns_set: s.return_type.as_ref().is_some_and(|t| t.setof),
        returns_table: Vec::new(),
        language: "sql".into(),
        body: None,
        atomic_body: None,
        volatility: "VOLATILE".into(),
        strict: false,
        security_definer: false,
    };
    for p in &s.parameters {
        let Some(N::FunctionParameter(p)) = p.node.as_ref() else { continue };
        let mode = match p.mode() {
            pb::FunctionParameterMode::FuncParamOut => ParamMode::Out,
            pb::FunctionParameterMode::FuncParamInout => ParamMode::InOut,
            pb::FunctionParameterMode::FuncParamVariadic => ParamMode::Variadic,
            pb::FunctionParameterMode::FuncParamTable => ParamMode::Table,
            _ => ParamMode::In,
        };
        let ty = p.arg_type.as_ref().map(type_of).unwrap_or_else(|| TypeName::builtin("text"));
        if mode == ParamMode::Table {
            def.returns_table.push((p.name.clone(), ty));
            continue;
        }
        def.params.push(FunctionParam {
            name: if p.name.is_empty() { None } else { Some(p.name.clone()) },
            mode,
            ty,
            default: opt_expr(&p.defexpr),
        });
    }
    for o in &s.options {
        let Some(N::DefElem(d)) = o.node.as_ref() else { continue };
        let arg = d.arg.as_deref().and_then(|a| a.node.as_ref());
        match (d.defname.as_str(), arg) {
            ("language", Some(N::String(l))) => def.language = l.sval.clone(),
            ("as", Some(N::List(l))) => def.body = l.items.first().and_then(string_of),
            ("volatility", Some(N::String(v))) => def.volatility = v.sval.to_uppercase(),
            ("strict", Some(N::Boolean(b))) => def.strict = b.boolval,
            ("security", Some(N::Boolean(b))) => def.security_definer = b.boolval,
            _ => {}
        }
    }
    if let Some(body) = s.sql_body.as_deref() {
        def.atomic_body = Some(query(body));
    }
    Change::CreateFunction(Box::new(def))
}

fn create_trigger(s: &pb::CreateTrigStmt) -> Change {
    // TRIGGER_TYPE bits from pg_trigger.h.
    let timing = match s.timing {
        2 => "BEFORE",
        64 => "INSTEAD OF",
        _ => "AFTER",
    };
    let mut events = Vec::new();
    for (bit, name) in [(4, "INSERT"), (8, "DELETE"), (16, "UPDATE"), (32, "TRUNCATE")] {
        if s.events & bit != 0 {
            events.push(name.to_owned());
        }
    }
    // pg_dump lists events as INSERT OR DELETE OR UPDATE OR TRUNCATE; keep that order.
    Change::CreateTrigger(Box::new(TriggerDef {
        name: s.trigname.clone(),
        table: range_var(s.relation.as_ref()),
        replace: s.replace,
        constraint: s.isconstraint,
        timing: timing.into(),
        events,
        update_columns: strings(&s.columns),
        for_each_row: s.row,
        when: opt_expr(&s.when_clause),
        function: name_list(&s.funcname),
        args: strings(&s.args),
    }))
}

fn create_policy(s: &pb::CreatePolicyStmt) -> Change {
    Change::CreatePolicy(Box::new(PolicyDef {
        name: s.policy_name.clone(),
        table: range_var(s.table.as_ref()),
        permissive: s.permissive,
        command: s.cmd_name.to_uppercase(),
        roles: roles(&s.roles),
        using: opt_expr(&s.qual),
        check: opt_expr(&s.with_check),
    }))
}

fn alter_table(s: &pb::AlterTableStmt) -> Change {
    let table = range_var(s.relation.as_ref());
    let is_type = s.objtype() == OT::ObjectType;
    let mut actions = Vec::new();
    for cmd in &s.cmds {
        let Some(N::AlterTableCmd(c)) = cmd.node.as_ref() else { continue };
        actions.push(table_action(c, is_type));
    }
    if is_type {
        let actions = actions
            .into_iter()
            .filter_map(|a| match a {
                TableAction::Attribute(a) => Some(a),
                _ => None,
            })
            .collect();
        return Change::AlterCompositeType { name: table, actions };
    }
    Change::AlterTable { table, if_exists: s.missing_ok, actions }
}

fn table_action(c: &pb::AlterTableCmd, is_type: bool) -> TableAction {
    use pb::AlterTableType as A;
    let def = c.def.as_deref().and_then(|d| d.node.as_ref());
    let cascade = c.behavior == pb::DropBehavior::DropCascade as i32;
    let column = c.name.clone();
    match c.subtype() {
        A::AtAddColumn => match def {
            Some(N::ColumnDef(cd)) if is_type => TableAction::Attribute(AttributeAction::Add {
                name: cd.colname.clone(),
                ty: cd.type_name.as_ref().map(type_of).unwrap_or_else(|| TypeName::builtin("text")),
                if_not_exists: c.missing_ok,
                cascade,
            }),
            Some(N::ColumnDef(cd)) => TableAction::AddColumn { column: column_def(cd), if_not_exists: c.missing_ok },
            _ => TableAction::Unmodeled { what: "ADD COLUMN".into(), schema_relevant: true },
        },
        A::AtDropColumn if is_type => {
            TableAction::Attribute(AttributeAction::Drop { name: column, if_exists: c.missing_ok, cascade })
        }
        A::AtDropColumn => TableAction::DropColumn { name: column, if_exists: c.missing_ok, cascade },
        A::AtAlterColumnType => match def {
            Some(N::ColumnDef(cd)) => {
                let ty = cd.type_name.as_ref().map(type_of).unwrap_or_else(|| TypeName::builtin("text"));
                if is_type {
                    TableAction::Attribute(AttributeAction::AlterType { name: column, ty, cascade })
                } else {
                    TableAction::AlterColumnType {
                        column,
                        ty,
                        collation: cd
                            .coll_clause
                            .as_ref()
                            .and_then(|cc| cc.collname.iter().filter_map(string_of).next_back())
                            .filter(|c| c != "default"),
                        using: opt_expr(&cd.raw_default),
                    }
                }
            }
            _ => TableAction::Unmodeled { what: "ALTER COLUMN TYPE".into(), schema_relevant: true },
        },
        A::AtColumnDefault => TableAction::SetDefault { column, default: c.def.as_deref().map(expr) },
        A::AtSetNotNull => TableAction::SetNotNull { column },
        A::AtDropNotNull => TableAction::DropNotNull { column },
        A::AtDropExpression => TableAction::DropExpression { column, if_exists: c.missing_ok },
        A::AtAddConstraint => match def {
            Some(N::Constraint(cn)) => TableAction::AddConstraint(constraint(cn, None)),
            _ => TableAction::Unmodeled { what: "ADD CONSTRAINT".into(), schema_relevant: true },
        },
        A::AtDropConstraint => TableAction::DropConstraint { name: c.name.clone(), if_exists: c.missing_ok, cascade },
        A::AtValidateConstraint => TableAction::ValidateConstraint { name: c.name.clone() },
        A::AtAlterConstraint => match def {
            Some(N::AtalterConstraint(ac)) => TableAction::AlterConstraint {
                name: ac.conname.clone(),
                deferrable: ac.deferrable,
                initially_deferred: ac.initdeferred,
            },
            _ => TableAction::Unmodeled { what: "ALTER CONSTRAINT".into(), schema_relevant: true },
        },
        A::AtAddIdentity => match def {
            Some(N::Constraint(cn)) => TableAction::AddIdentity {
                column,
                identity: IdentityDef { always: cn.generated_when == "a", options: sequence_options(&cn.options) },
            },
            _ => TableAction::Unmodeled { what: "ADD IDENTITY".into(), schema_relevant: true },
        },
        A::AtSetIdentity => {
            let list = match def {
                Some(N::List(l)) => l.items.as_slice(),
                _ => &[],
            };
            let always = list.iter().find_map(|o| match o.node.as_ref() {
                Some(N::DefElem(d)) if d.defname == "generated" => match d.arg.as_deref().and_then(|a| a.node.as_ref())
                {
                    Some(N::Integer(i)) => Some(i.ival == b'a' as i32),
                    _ => None,
                },
                _ => None,
            });
            TableAction::SetIdentity { column, always, options: sequence_options(list) }
        }
        A::AtDropIdentity => TableAction::DropIdentity { column, if_exists: c.missing_ok },
        A::AtSetLogged => TableAction::SetLogged(true),
        A::AtSetUnLogged => TableAction::SetLogged(false),
        A::AtEnableRowSecurity => TableAction::RowSecurity { enable: Some(true), force: None },
        A::AtDisableRowSecurity => TableAction::RowSecurity { enable: Some(false), force: None },
        A::AtForceRowSecurity => TableAction::RowSecurity { enable: None, force: Some(true) },
        A::AtNoForceRowSecurity => TableAction::RowSecurity { enable: None, force: Some(false) },
        A::AtAttachPartition => match def {
            Some(N::PartitionCmd(pc)) => TableAction::AttachPartition {
                partition: range_var(pc.name.as_ref()),
                bound: pc.bound.as_ref().map(bound).unwrap_or_default(),
            },
            _ => TableAction::Unmodeled { what: "ATTACH PARTITION".into(), schema_relevant: true },
        },
        A::AtDetachPartition => match def {
            Some(N::PartitionCmd(pc)) => {
                TableAction::DetachPartition { partition: range_var(pc.name.as_ref()), concurrently: pc.concurrent }
            }
            _ => TableAction::Unmodeled { what: "DETACH PARTITION".into(), schema_relevant: true },
        },
        A::AtAddInherit => match def {
            Some(N::RangeVar(rv)) => TableAction::Inherit { parent: range_var(Some(rv)) },
            _ => TableAction::Unmodeled { what: "INHERIT".into(), schema_relevant: true },
        },
        A::AtDropInherit => match def {
            Some(N::RangeVar(rv)) => TableAction::NoInherit { parent: range_var(Some(rv)) },
            _ => TableAction::Unmodeled { what: "NO INHERIT".into(), schema_relevant: true },
        },
        A::AtDropOf => TableAction::NotOf,
        A::AtChangeOwner => TableAction::Unmodeled { what: "OWNER TO".into(), schema_relevant: false },
        A::AtSetStatistics
        | A::AtSetOptions
        | A::AtResetOptions
        | A::AtSetStorage
        | A::AtSetCompression
        | A::AtClusterOn
        | A::AtDropCluster
        | A::AtSetTableSpace
        | A::AtSetRelOptions
        | A::AtResetRelOptions
        | A::AtReplaceRelOptions
        | A::AtReplicaIdentity
        | A::AtEnableTrig
        | A::AtDisableTrig
        | A::AtEnableAlwaysTrig
        | A::AtEnableReplicaTrig
        | A::AtEnableTrigAll
        | A::AtDisableTrigAll
        | A::AtEnableTrigUser
        | A::AtDisableTrigUser => {
            TableAction::Unmodeled { what: format!("ALTER TABLE {:?}", c.subtype()), schema_relevant: false }
        }
        other => TableAction::Unmodeled { what: format!("ALTER TABLE {other:?}"), schema_relevant: true },
    }
}

/// The object a DROP/COMMENT/RENAME/SET SCHEMA names. `None` when the kind is not modeled.
fn object_ref(kind: OT, object: Option<&pb::Node>) -> Option<ObjectRef> {
    let node = object.and_then(|o| o.node.as_ref());
    let list = |node: Option<&N>| -> Vec<String> {
        match node {
            Some(N::List(l)) => strings(&l.items),
            Some(N::String(s)) => vec![s.sval.clone()],
            Some(N::TypeName(t)) => t.names.iter().filter_map(string_of).collect(),
            _ => Vec::new(),
        }
    };
    let parts = list(node);
    let obj = |parts: &[String]| match parts {
        [name] => ObjName::new(None, name.clone()),
        [.., schema, name] => ObjName::new(Some(schema.clone()), name.clone()),
        [] => ObjName::new(None, ""),
    };
    // Sub-objects: the last part is the object, the rest names the table.
    let sub = |parts: &[String]| -> Option<(ObjName, String)> {
        let (last, rest) = parts.split_last()?;
        Some((obj(rest), last.clone()))
    };
    Some(match kind {
        OT::ObjectSchema => ObjectRef::Schema(parts.first()?.clone()),
        OT::ObjectExtension => ObjectRef::Extension(parts.first()?.clone()),
        OT::ObjectTable | OT::ObjectForeignTable => ObjectRef::Table(obj(&parts)),
        OT::ObjectView => ObjectRef::View(obj(&parts)),
        OT::ObjectMatview => ObjectRef::MaterializedView(obj(&parts)),
        OT::ObjectSequence => ObjectRef::Sequence(obj(&parts)),
        OT::ObjectIndex => ObjectRef::Index(obj(&parts)),
        OT::ObjectType => ObjectRef::Type(obj(&parts)),
        OT::ObjectDomain => ObjectRef::Domain(obj(&parts)),
        OT::ObjectColumn => {
            let (table, column) = sub(&parts)?;
            ObjectRef::Column { table, column }
        }
        OT::ObjectTabconstraint => {
            let (table, name) = sub(&parts)?;
            ObjectRef::Constraint { table, name }
        }
        OT::ObjectDomconstraint => match node {
            Some(N::List(l)) if l.items.len() == 2 => {
                let domain = match l.items[0].node.as_ref() {
                    Some(N::TypeName(t)) => obj(&t.names.iter().filter_map(string_of).collect::<Vec<_>>()),
                    _ => return None,
                };
                ObjectRef::DomainConstraint { domain, name: string_of(&l.items[1])? }
            }
            _ => return None,
        },
        OT::ObjectTrigger => {
            let (table, name) = sub(&parts)?;
            ObjectRef::Trigger { table, name }
        }
        OT::ObjectPolicy => {
            let (table, name) = sub(&parts)?;
            ObjectRef::Policy { table, name }
        }
        OT::ObjectFunction | OT::ObjectProcedure | OT::ObjectRoutine => match node {
            Some(N::ObjectWithArgs(owa)) => ObjectRef::Function {
                name: name_list(&owa.objname),
                args: if owa.args_unspecified {
                    None
                } else {
                    Some(
                        owa.objargs
                            .iter()
                            .filter_map(|a| match a.node.as_ref() {
                                Some(N::TypeName(t)) => Some(type_of(t)),
                                _ => None,
                            })
                            .collect(),
                    )
                },
                procedure: kind == OT::ObjectProcedure,
            },
            _ => return None,
        },
        _ => return None,
    })
}

fn drop(s: &pb::DropStmt) -> Vec<Change> {
    let kind = s.remove_type();
    let mut targets = Vec::new();
    for o in &s.objects {
        match object_ref(kind, Some(o)) {
            Some(t) => targets.push(t),
            None => return unmodeled(&format!("DROP {}", object_kind_words(kind)), true),
        }
    }
    vec![Change::Drop { targets, if_exists: s.missing_ok, cascade: s.behavior == pb::DropBehavior::DropCascade as i32 }]
}

fn object_kind_words(kind: OT) -> String {
    format!("{kind:?}").trim_start_matches("Object").to_uppercase()
}

fn rename(s: &pb::RenameStmt) -> Vec<Change> {
    let kind = s.rename_type();
    let relation = range_var(s.relation.as_ref());
    let target = match kind {
        OT::ObjectTable | OT::ObjectForeignTable => Some(ObjectRef::Table(relation)),
        OT::ObjectView => Some(ObjectRef::View(relation)),
        OT::ObjectMatview => Some(ObjectRef::MaterializedView(relation)),
        OT::ObjectSequence => Some(ObjectRef::Sequence(relation)),
        OT::ObjectIndex => Some(ObjectRef::Index(relation)),
        OT::ObjectColumn => Some(ObjectRef::Column { table: relation, column: s.subname.clone() }),
        OT::ObjectAttribute => Some(ObjectRef::Attribute { type_name: relation, name: s.subname.clone() }),
        OT::ObjectTabconstraint => Some(ObjectRef::Constraint { table: relation, name: s.subname.clone() }),
        OT::ObjectTrigger => Some(ObjectRef::Trigger { table: relation, name: s.subname.clone() }),
        OT::ObjectPolicy => Some(ObjectRef::Policy { table: relation, name: s.subname.clone() }),
        OT::ObjectDomconstraint => match s.object.as_deref().and_then(|o| o.node.as_ref()) {
            Some(N::List(l)) => {
                Some(ObjectRef::DomainConstraint { domain: name_list(&l.items), name: s.subname.clone() })
            }
            _ => None,
        },
        OT::ObjectSchema => Some(ObjectRef::Schema(s.subname.clone())),
        other => object_ref(other, s.object.as_deref()),
    };
    match target {
        Some(target) => {
            vec![Change::Rename { target, new_name: s.newname.clone(), if_exists: s.missing_ok }]
        }
        None => unmodeled(&format!("RENAME {}", object_kind_words(kind)), true),
    }
}

fn set_schema(s: &pb::AlterObjectSchemaStmt) -> Vec<Change> {
    let kind = s.object_type();
    let relation = range_var(s.relation.as_ref());
    let target = match kind {
        OT::ObjectTable => Some(ObjectRef::Table(relation)),
        OT::ObjectView => Some(ObjectRef::View(relation)),
        OT::ObjectMatview => Some(ObjectRef::MaterializedView(relation)),
        OT::ObjectSequence => Some(ObjectRef::Sequence(relation)),
        other => object_ref(other, s.object.as_deref()),
    };
    match target {
        Some(target) => vec![Change::SetSchema { target, new_schema: s.newschema.clone(), if_exists: s.missing_ok }],
        None => unmodeled(&format!("SET SCHEMA {}", object_kind_words(kind)), true),
    }
}

fn variable_set(s: &pb::VariableSetStmt) -> Vec<Change> {
    if s.name != "search_path" {
        return unmodeled("SET", false);
    }
    match s.kind() {
        pb::VariableSetKind::VarSetValue => {
            let schemas = s
                .args
                .iter()
                .filter_map(|a| match expr(a) {
                    Expr::String(v) => Some(v),
                    Expr::Column(parts) => parts.last().cloned(),
                    _ => None,
                })
                .flat_map(|v| split_search_path(&v))
                .collect();
            vec![Change::SetSearchPath { schemas: Some(schemas), local: s.is_local }]
        }
        pb::VariableSetKind::VarSetDefault | pb::VariableSetKind::VarReset => {
            vec![Change::SetSearchPath { schemas: None, local: s.is_local }]
        }
        _ => unmodeled("SET search_path", true),
    }
}

/// Splits a `search_path` string (`'"$user", public'`) into schema names.
pub fn split_search_path(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.strip_prefix('"').and_then(|p| p.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\"\"", "\""),
            None => p.to_lowercase(),
        })
        .collect()
}

fn transaction(s: &pb::TransactionStmt) -> Vec<Change> {
    use pb::TransactionStmtKind as K;
    let t = match s.kind() {
        K::TransStmtBegin | K::TransStmtStart => Transaction::Begin,
        K::TransStmtCommit => Transaction::Commit,
        K::TransStmtRollback => Transaction::Rollback,
        K::TransStmtSavepoint => Transaction::Savepoint(s.savepoint_name.clone()),
        K::TransStmtRelease => Transaction::Release(s.savepoint_name.clone()),
        K::TransStmtRollbackTo => Transaction::RollbackTo(s.savepoint_name.clone()),
        _ => return unmodeled("two-phase commit", true),
    };
    vec![Change::Transaction(t)]
}

/// `SELECT pg_catalog.set_config('search_path', '', false);` is how pg_dump sets
/// the search path; other SELECTs do not change the schema.
fn select(s: &pb::SelectStmt) -> Vec<Change> {
    if let Some(into) = s.into_clause.as_deref() {
        let mut plain = s.clone();
        plain.into_clause = None;
        let as_query = query(&pb::Node { node: Some(N::SelectStmt(Box::new(plain))) });
        let rel = into.rel.as_ref();
        return vec![Change::CreateTable(Box::new(CreateTable {
            name: range_var(rel),
            if_not_exists: false,
            unlogged: rel.is_some_and(|r| r.relpersistence == "u"),
            columns: Vec::new(),
            constraints: Vec::new(),
            inherits: Vec::new(),
            partition_by: None,
            partition_of: None,
            of_type: None,
            as_query: Some(as_query),
            likes: Vec::new(),
        }))];
    }
    for t in &s.target_list {
        let Some(N::ResTarget(rt)) = t.node.as_ref() else { continue };
        let Some(N::FuncCall(fc)) = rt.val.as_deref().and_then(|v| v.node.as_ref()) else { continue };
        let name = fc.funcname.iter().filter_map(string_of).next_back().unwrap_or_default();
        if name != "set_config" || fc.args.len() != 3 {
            continue;
        }
        let args: Vec<Expr> = fc.args.iter().map(expr).collect();
        if let [Expr::String(setting), Expr::String(value), local] = args.as_slice() {
            if setting == "search_path" {
                return vec![Change::SetSearchPath {
                    schemas: Some(split_search_path(value)),
                    local: matches!(local, Expr::Bool(true)),
                }];
            }
        }
    }
    unmodeled("SELECT", false)
}
