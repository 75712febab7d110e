package admin

// AdminImportProblem is one problem of an uploaded product file.
type AdminImportProblem struct {
	Line    int
	Column  string
	Value   string
	Message string
}

// AdminImportRow is one product the import creates or updates.
type AdminImportRow struct {
	Line        int
	Code, Name  string
	Action      string // create, update
	ActionLabel string
}

// AdminImportPage is GET and POST /admin/import: the upload form and, after a file, its report.
type AdminImportPage struct {
	AdminPage
	Columns     []string
	MaxMB       int
	FileProblem string // the upload itself was refused
	// After a file was read:
	Checked                     bool
	Imported                    bool // saved (mode=import), not only checked
	FileName                    string
	Created, Updated, Unchanged int
	ProblemCount                int
	Problems                    []AdminImportProblem // the first ones
	Rows                        []AdminImportRow     // the first created or updated
	MoreRows                    bool
}
