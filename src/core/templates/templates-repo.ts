import type { CreateTemplateInput, Template } from '../../shared/domain/template';
import { AppError } from '../../shared/errors';
import type { AppDb } from '../db/open-database';
import { parseJson, toBool } from '../db/rows';
import { sql } from '../db/sql';
import { SYSTEM_TEMPLATES } from './system-templates';

interface TemplateRow extends Omit<Template, 'is_system_template' | 'is_organization_template' | 'is_public' | 'guidance_prompts' | 'default_checklist'> {
  is_system_template: number;
  is_organization_template: number;
  is_public: number;
  guidance_prompts: string;
  default_checklist: string;
  report_prompt: string | null;
}

function toTemplate(row: TemplateRow): Template {
  return {
    id: row.id,
    user_id: row.user_id,
    organization_id: row.organization_id,
    name: row.name,
    description: row.description,
    conversation_type: row.conversation_type,
    is_system_template: toBool(row.is_system_template),
    is_organization_template: toBool(row.is_organization_template),
    is_public: toBool(row.is_public),
    guidance_prompts: parseJson<string[]>(row.guidance_prompts, []),
    context_instructions: row.context_instructions,
    default_checklist: parseJson<string[]>(row.default_checklist, []),
    usage_count: row.usage_count,
    last_used_at: row.last_used_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** Reads and writes `templates`, and seeds the system templates. */
export function createTemplatesRepo(db: AppDb) {
  return {
    /** Inserts or refreshes the built-in templates; keeps their usage counts. */
    seedSystemTemplates(now: number): void {
      db.transaction(() => {
        for (const t of SYSTEM_TEMPLATES) {
          db.run(sql`INSERT INTO templates (id, name, description, conversation_type, is_system_template, is_public,
              guidance_prompts, context_instructions, default_checklist, report_prompt, created_at, updated_at)
            VALUES (${t.id}, ${t.name}, ${t.description}, ${t.conversation_type}, 1, 1, ${JSON.stringify(t.guidance_prompts)},
              ${t.context_instructions}, ${JSON.stringify(t.default_checklist)}, ${t.report_prompt}, ${now}, ${now})
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, description = excluded.description,
              conversation_type = excluded.conversation_type, guidance_prompts = excluded.guidance_prompts,
              context_instructions = excluded.context_instructions, default_checklist = excluded.default_checklist,
              report_prompt = excluded.report_prompt`);
        }
      });
    },

    /** System templates first, then the user's, by name. */
    list(): Template[] {
      return db
        .all<TemplateRow>(sql`SELECT * FROM templates ORDER BY is_system_template DESC, name`)
        .map(toTemplate);
    },

    /**
     * One template.
     * @throws AppError('template.not_found')
     */
    get(id: string): Template & { report_prompt: string | null } {
      const row = db.get<TemplateRow>(sql`SELECT * FROM templates WHERE id = ${id}`);
      if (!row) throw new AppError('template.not_found', `Template ${id} does not exist`, { details: { id } });
      return { ...toTemplate(row), report_prompt: row.report_prompt };
    },

    /** Creates a user template. */
    create(input: CreateTemplateInput & { id: string; user_id: string | null; now: number }): Template {
      db.run(sql`INSERT INTO templates (id, user_id, name, description, conversation_type, guidance_prompts,
          context_instructions, default_checklist, created_at, updated_at)
        VALUES (${input.id}, ${input.user_id}, ${input.name}, ${input.description ?? null}, ${input.conversation_type},
          ${JSON.stringify(input.guidance_prompts ?? [])}, ${input.context_instructions ?? null},
          ${JSON.stringify(input.default_checklist ?? [])}, ${input.now}, ${input.now})`);
      return this.get(input.id);
    },

    /** Counts a use of the template. */
    markUsed(id: string, now: number): void {
      db.run(sql`UPDATE templates SET usage_count = usage_count + 1, last_used_at = ${now} WHERE id = ${id}`);
    },
  };
}

/** The repository type. */
export type TemplatesRepo = ReturnType<typeof createTemplatesRepo>;
