import { useTranslation } from 'react-i18next';
import type { Field } from '../../../../shared/fields.ts';
import { ColumnFilter } from './ColumnFilter.tsx';
import { filterKindFor, type ColumnFilterValue } from './filters.ts';
import type { GridHeader, GridTable } from './useGridTable.ts';

interface Props {
  table: GridTable;
  headers: GridHeader[];
  width: number;
  fieldByName: ReadonlyMap<string, Field>;
  filters: Record<string, ColumnFilterValue>;
  onFilter: (name: string, value: ColumnFilterValue | undefined) => void;
}

/** The header row (sort buttons, resize handles) and the row of column filters under it. */
export function GridHead({ table, headers, width, fieldByName, filters, onFilter }: Props) {
  const { t } = useTranslation();
  return (
    <div className="grid-head" role="rowgroup" style={{ width }}>
      <div className="grid-row head" role="row">
        {headers.map((h) => {
          const sorted = h.column.getIsSorted();
          return (
            <div
              key={h.id}
              className="grid-cell head"
              role="columnheader"
              data-column={h.column.id}
              data-type={fieldByName.get(h.column.id)?.type}
              aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
              style={{ width: h.getSize() }}
            >
              <button
                type="button"
                className="sort-button"
                dir="auto"
                disabled={!h.column.getCanSort()}
                onClick={h.column.getToggleSortingHandler()}
                title={fieldByName.get(h.column.id)?.name}
              >
                <table.FlexRender header={h} />
                <span className="sort-mark">{sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}</span>
              </button>
              <span
                className={`resizer${h.column.getIsResizing() ? ' resizing' : ''}`}
                onMouseDown={h.getResizeHandler()}
                onDoubleClick={() => h.column.resetSize()}
                role="separator"
                aria-label={t('grid.resize', { column: fieldByName.get(h.column.id)?.label ?? h.column.id })}
              />
            </div>
          );
        })}
      </div>
      <div className="grid-row filters" role="row">
        {headers.map((h) => {
          const f = fieldByName.get(h.column.id);
          return (
            <div
              key={h.id}
              className="grid-cell filter"
              role="gridcell"
              style={{ width: h.getSize() }}
              data-filter={h.column.id}
            >
              {f && filterKindFor(f) && (
                <ColumnFilter field={f} value={filters[f.name]} onChange={(v) => onFilter(f.name, v)} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
